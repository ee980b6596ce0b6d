package dev.fivenines.commerce.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a request for idempotency: SHA-256 of method, path and the canonical form of its JSON
 * body (object members sorted by name, no insignificant whitespace), so the same request written
 * with its fields in another order or spacing is still the same request.
 */
public final class RequestFingerprint {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestFingerprint() {
    }

    public static String of(String method, String path, JsonNode body) {
        String canonical = canonical(body);
        return sha256Hex(method.toUpperCase(java.util.Locale.ROOT) + " " + path + "\n" + canonical);
    }

    public static String of(String method, String path, byte[] jsonBody) {
        try {
            return of(method, path, CANONICAL.readTree(jsonBody));
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON; validate it before fingerprinting", e);
        }
    }

    static String canonical(JsonNode body) {
        try {
            // Through plain maps and lists so ORDER_MAP_ENTRIES_BY_KEYS sorts every level.
            Object plain = CANONICAL.treeToValue(body, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
