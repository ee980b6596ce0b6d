package dev.fivenines.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Request and response helpers every HTTP handler in fivenines uses, so that every error looks the
 * same on the wire (RFC 9457 problem+json) and every body is read with a bound.
 */
public final class Http {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String JSON = "application/json";
    /** Largest JSON body a commerce call accepts; a bigger one is refused before it is parsed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final ObjectMapper STRICT = Json.configure(JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build());

    private Http() {
    }

    /**
     * Reads a JSON body into {@code type}, strictly: no number from a string ({@code "2"}), no
     * integer from a fraction ({@code 2.5} would silently become 2), no duplicate members, no unknown
     * fields. Every defect is a 400 that names the field; a body over {@link #MAX_BODY_BYTES} is a 413.
     */
    public static <T> T readJson(ServerRequest req, Class<T> type) {
        return parseJson(readJsonBytes(req), type);
    }

    /** The raw body (bounded, non-empty), for handlers that fingerprint it before parsing. */
    public static byte[] readJsonBytes(ServerRequest req) {
        byte[] body = readBody(req, MAX_BODY_BYTES);
        if (body.length == 0) {
            throw new ProblemException(Problem.badRequest("request body is empty; a JSON object is required"));
        }
        return body;
    }

    public static JsonNode jsonTree(byte[] body) {
        return parseJson(body, JsonNode.class);
    }

    public static <T> T parseJson(byte[] body, Class<T> type) {
        try {
            T value = STRICT.readValue(body, type);
            if (value == null || (value instanceof JsonNode node && node.isNull())) {
                throw new ProblemException(Problem.badRequest("request body is JSON null; a JSON object is required"));
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ProblemException(Problem.invalid(List.of(
                    new Problem.FieldError(e.getPropertyName(), "is not a known field"))));
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : pathOf(e);
            throw new ProblemException(Problem.invalid(List.of(
                    new Problem.FieldError(field, "has the wrong type or shape: " + firstLine(e.getOriginalMessage())))));
        } catch (InputCoercionException e) {
            throw new ProblemException(Problem.badRequest("a number in the body is out of range: " + firstLine(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(Problem.badRequest("malformed JSON" + where + ": " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ProblemException(Problem.badRequest("could not read the request body: " + e.getMessage()));
        }
    }

    /** Reads at most {@code maxBytes} of the body; more is a 413, whatever Content-Length claimed. */
    public static byte[] readBody(ServerRequest req, int maxBytes) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(Problem.badRequest("could not read the request body: " + e.getMessage()));
        }
    }

    public static void json(ServerResponse res, int status, Object body) {
        try {
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, JSON);
            res.send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable: " + body.getClass().getName(), e);
        }
    }

    public static void problem(ServerResponse res, Problem problem, Integer retryAfterSeconds) {
        try {
            res.status(Status.create(problem.status()));
            res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
            if (retryAfterSeconds != null) {
                res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            }
            res.send(Json.mapper().writeValueAsBytes(problem.toJsonMap()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem not serializable", e);
        }
    }

    /** An optional query parameter as an int within [min, max]; anything else is a 400 naming it. */
    public static int intQuery(ServerRequest req, String name, int defaultValue, int min, int max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError(name,
                    "must be an integer in [" + min + ", " + max + "], was '" + value.get() + "'"))));
        }
    }

    public static Optional<String> query(ServerRequest req, String name) {
        var value = req.query().first(name);
        return value.isPresent() ? Optional.of(value.get()) : Optional.empty();
    }

    private static ProblemException tooLarge(int maxBytes) {
        return new ProblemException(Problem.of(413, "payload-too-large", "Payload too large",
                "request body exceeds " + maxBytes + " bytes"));
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
