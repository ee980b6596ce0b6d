package dev.fivenines.systemtests.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzzer sends: for each place a value can go (path, query, header, JSON), the values that
 * the contract refuses ({@link Value#invalid}: the answer must be a 4xx) and odd values that are
 * legal (only never a 5xx). Values are bytes, because the interesting ones are not valid text.
 */
final class Inputs {
    private Inputs() {
    }

    /** One value: a name for the report, its bytes before any escaping, and whether the contract refuses it. */
    record Value(String name, byte[] bytes, boolean invalid) {
        static Value bad(String name, byte[] bytes) {
            return new Value(name, bytes, true);
        }

        static Value bad(String name, String text) {
            return bad(name, text.getBytes(StandardCharsets.UTF_8));
        }

        static Value odd(String name, String text) {
            return new Value(name, text.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};
    static final byte[] LONE_SURROGATE_CESU = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    static final byte[] OVERLONG_SLASH = {(byte) 0xC0, (byte) 0xAF};

    /** Text values the contract refuses for a string of at most {@code maxLength} characters. */
    static List<Value> badText(int maxLength) {
        List<Value> values = new ArrayList<>(List.of(
                Value.bad("NUL", "\u0000"),
                Value.bad("NUL inside", "lamp\u0000lamp"),
                Value.bad("invalid UTF-8", concat("lamp".getBytes(StandardCharsets.US_ASCII), INVALID_UTF8)),
                Value.bad("byte 0xFF", new byte[]{(byte) 0xFF}),
                Value.bad("lone surrogate (CESU-8)", LONE_SURROGATE_CESU),
                Value.bad("overlong '/'", OVERLONG_SLASH)));
        if (maxLength > 0 && maxLength < 10_000) {
            values.add(Value.bad("maxLength+1 characters", "a".repeat(maxLength + 1)));
        }
        return values;
    }

    /** Legal but unusual text: never a 5xx. */
    static List<Value> oddText() {
        return List.of(
                Value.odd("SQL metacharacters", "' OR '1'='1' --"),
                Value.odd("path traversal", "../../etc/passwd"),
                Value.odd("percent sign", "100%"),
                Value.odd("emoji", "lamp \uD83D\uDCA1"),
                Value.odd("right-to-left", "\u202Elamp"),
                Value.odd("spaces only", "   "));
    }

    /** Integer values outside [min, max] or not integers at all. */
    static List<Value> badIntegers(long min, long max) {
        return List.of(
                Value.bad("below minimum", Long.toString(min - 1)),
                Value.bad("above maximum", Long.toString(max + 1)),
                Value.bad("beyond 64 bits", "99999999999999999999999"),
                Value.bad("fraction", "1.5"),
                Value.bad("exponent", "1e3"),
                Value.bad("word", "ten"),
                Value.bad("empty", ""),
                Value.bad("NUL", "\u0000"));
    }

    /** JSON literals that are the wrong type or out of range for an integer field in [min, max]. */
    static List<Value> badJsonIntegers(long min, long max) {
        return List.of(
                Value.bad("below minimum", Long.toString(min - 1)),
                Value.bad("above maximum", Long.toString(max + 1)),
                Value.bad("beyond 64 bits", "99999999999999999999999"),
                Value.bad("beyond double", "1e400"),
                Value.bad("fraction", "1.5"),
                Value.bad("string", "\"1\""),
                Value.bad("boolean", "true"),
                Value.bad("null", "null"),
                Value.bad("array", "[1]"),
                Value.bad("object", "{\"n\":1}"));
    }

    /** JSON literals for a string field that the contract refuses (escaped or raw as JSON text). */
    static List<Value> badJsonStrings(int maxLength) {
        List<Value> values = new ArrayList<>(List.of(
                Value.bad("escaped NUL", "\"lamp\\u0000\""),
                Value.bad("escaped lone surrogate", "\"\\ud800\""),
                Value.bad("raw invalid UTF-8", concat("\"lamp".getBytes(StandardCharsets.US_ASCII), INVALID_UTF8, "\"".getBytes(StandardCharsets.US_ASCII))),
                Value.bad("raw byte 0xFF", concat("\"".getBytes(StandardCharsets.US_ASCII), new byte[]{(byte) 0xFF}, "\"".getBytes(StandardCharsets.US_ASCII))),
                Value.bad("number", "12"),
                Value.bad("boolean", "false"),
                Value.bad("array", "[\"a\"]"),
                Value.bad("object", "{}")));
        if (maxLength > 0) {
            values.add(Value.bad("maxLength+1 characters", "\"" + "a".repeat(maxLength + 1) + "\""));
        }
        values.add(Value.bad("100,000 characters", "\"" + "a".repeat(100_000) + "\""));
        return values;
    }

    /** Whole bodies that are not what any JSON endpoint accepts. */
    static List<Value> badBodies() {
        return List.of(
                Value.bad("empty", ""),
                Value.bad("truncated", "{\"productId\":"),
                Value.bad("top-level array", "[]"),
                Value.bad("top-level string", "\"x\""),
                Value.bad("top-level null", "null"),
                Value.bad("5,000 nested arrays", "[".repeat(5000) + "]".repeat(5000)),
                Value.bad("2,000 nested objects", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)),
                Value.bad("invalid UTF-8 outside strings", concat("{".getBytes(StandardCharsets.US_ASCII), INVALID_UTF8, "}".getBytes(StandardCharsets.US_ASCII))),
                Value.bad("XML", "<cart/>"));
    }

    /** Content types a JSON endpoint refuses. */
    static List<Value> badContentTypes() {
        return List.of(
                Value.bad("text/plain", "text/plain"),
                Value.bad("application/xml", "application/xml"),
                Value.bad("form", "application/x-www-form-urlencoded"),
                Value.bad("multipart", "multipart/form-data; boundary=x"));
    }

    /** Header values a strict header (Idempotency-Key: 1..128 printable ASCII) refuses. */
    static List<Value> badHeaderValues() {
        return List.of(
                Value.bad("empty", ""),
                Value.bad("129 characters", "k".repeat(129)),
                Value.bad("non-ASCII (UTF-8)", "ключ-1"),
                Value.bad("byte 0xFF", new byte[]{'k', (byte) 0xFF}),
                Value.bad("NUL", new byte[]{'k', 0, 'k'}),
                Value.bad("control character", new byte[]{'k', 0x07, 'k'}));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Percent-encodes every byte that is not unreserved (RFC 3986), so any byte can ride in a URL. */
    static String percentEncode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
