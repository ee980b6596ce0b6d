package dev.fivenines.web;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.webserver.http.ServerRequest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one check every piece of client text passes before a handler sees it: query and path
 * parameters (from their raw, percent-encoded form) and JSON string fields. PostgreSQL refuses a NUL
 * and bytes that are not UTF-8; Java strings can hold lone surrogates that no encoder can write. Any
 * of these is the client's mistake, answered here as a 400 naming the field, never left to become a
 * database error (which would look like an outage).
 */
public final class TextInput {
    /** Longest query or path parameter accepted; handlers apply tighter limits of their own. */
    public static final int MAX_PARAMETER_CHARS = 1024;
    private static final char DECODER_REPLACEMENT = '\uFFFD';

    private TextInput() {
    }

    /** Why {@code value} cannot be stored as text (NUL, lone surrogate), or empty if it can. */
    public static Optional<String> problemWith(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return Optional.of("must not contain a NUL character (U+0000), found at character " + (i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("is not valid Unicode: a lone surrogate (U+" + Integer.toHexString(c).toUpperCase()
                        + ") at character " + (i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks every query parameter and every path parameter of {@code req}; throws one 400 naming
     * each bad field. Raw forms are decoded strictly, since the server's own decoding turns bytes that
     * are not UTF-8 into U+FFFD without a word.
     */
    public static void checkParameters(ServerRequest req) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String rawQuery = req.query().rawValue();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                Optional<String> name = decodeStrict(rawName);
                if (name.isEmpty()) {
                    errors.add(new Problem.FieldError(lenient(rawName), "is a query parameter name that is not valid UTF-8"));
                    continue;
                }
                check(name.get(), "query parameter", rawValue, errors);
            }
        }
        var params = req.path().pathParameters();
        for (String name : params.names()) {
            String decoded = params.get(name);
            if (decoded.indexOf(DECODER_REPLACEMENT) >= 0 && !rawPathIsUtf8(req.path().rawPath())) {
                errors.add(new Problem.FieldError(name, "is not valid UTF-8 (in the URL path)"));
            } else {
                checkDecoded(name, decoded, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }

    private static void check(String field, String where, String rawValue, List<Problem.FieldError> errors) {
        Optional<String> value = decodeStrict(rawValue);
        if (value.isEmpty()) {
            errors.add(new Problem.FieldError(field, "is not valid UTF-8 (" + where + ")"));
        } else {
            checkDecoded(field, value.get(), errors);
        }
    }

    private static void checkDecoded(String field, String value, List<Problem.FieldError> errors) {
        if (value.length() > MAX_PARAMETER_CHARS) {
            errors.add(new Problem.FieldError(field, "must be at most " + MAX_PARAMETER_CHARS + " characters"));
            return;
        }
        problemWith(value).ifPresent(problem -> errors.add(new Problem.FieldError(field, problem)));
    }

    private static boolean rawPathIsUtf8(String rawPath) {
        return decodeStrict(rawPath).isPresent();
    }

    /** Percent-decodes {@code raw} ('+' is a space) and decodes the bytes as UTF-8; empty if they are not UTF-8. */
    static Optional<String> decodeStrict(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Not from a valid request line (the server reads it as ASCII); never valid here.
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String lenient(String raw) {
        String shown = raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
        return shown.isEmpty() ? "query" : shown;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
