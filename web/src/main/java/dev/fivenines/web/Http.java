package dev.fivenines.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
     * Told when a handler has read its request body to the end. A server that bounds how long a body may take to arrive registers one in the request's
     * context; without one, nothing is told.
     */
    @FunctionalInterface
    public interface BodyReadListener {
        void bodyRead();
    }

    /**
     * A body that could not be read (bad chunk, connection cut): the connection's framing is lost,
     * so the answer closes it.
     */
    public static final class UnreadableBodyException extends ProblemException {
        UnreadableBodyException(String detail, Throwable cause) {
            super(Problem.badRequest(detail), null, cause);
        }
    }

    /**
     * Reads a JSON body into {@code type}, strictly: no number from a string ({@code "2"}), no
     * integer from a fraction ({@code 2.5} would silently become 2), no duplicate members, no unknown
     * fields. Every defect is a 400 that names the field; a body over {@link #MAX_BODY_BYTES} is a 413.
     */
    public static <T> T readJson(ServerRequest req, Class<T> type) {
        return parseJson(readJsonBytes(req), type);
    }

    /**
     * The raw body (bounded, non-empty, not declared as anything but JSON), for handlers that
     * fingerprint it before parsing. A Content-Type other than JSON is a 415.
     */
    public static byte[] readJsonBytes(ServerRequest req) {
        requireJsonContentType(req);
        byte[] body = readBody(req, MAX_BODY_BYTES);
        if (body.length == 0) {
            throw new ProblemException(Problem.badRequest("request body is empty; a JSON object is required"));
        }
        return body;
    }

    public static JsonNode jsonTree(byte[] body) {
        return parseJson(body, JsonNode.class);
    }

    /**
     * 415 when the request declares its body as something other than JSON ({@code application/json}
     * or {@code application/*+json}, UTF-8). A body with no Content-Type is taken for JSON and parsed
     * as such (RFC 9110 lets a recipient examine it), so a client that leaves the header out is
     * answered by the parser: a 400 if the body is not JSON.
     */
    public static void requireJsonContentType(ServerRequest req) {
        Optional<String> declared = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (declared.isPresent() && !isJson(declared.get())) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "the body must be JSON, sent with Content-Type: application/json; it was declared '"
                            + abbreviate(declared.get()) + "'"));
        }
    }

    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        boolean json = media.equals(JSON) || (media.startsWith("application/") && media.endsWith("+json"));
        for (int i = 1; i < parts.length && json; i++) {
            String param = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "");
                json = charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return json;
    }

    /**
     * Parses strictly (see {@link #readJson}) and checks every string and member name with
     * {@link TextInput}: a NUL or a lone surrogate is a 400 naming the field, as are bytes that are
     * not UTF-8.
     */
    public static <T> T parseJson(byte[] body, Class<T> type) {
        try {
            JsonNode tree = STRICT.readTree(body);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                throw new ProblemException(Problem.badRequest("request body is JSON null; a JSON object is required"));
            }
            List<Problem.FieldError> textErrors = new ArrayList<>();
            checkText(tree, "", textErrors);
            if (!textErrors.isEmpty()) {
                throw new ProblemException(Problem.invalid(textErrors));
            }
            return type == JsonNode.class ? type.cast(tree) : STRICT.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ProblemException(Problem.invalid(List.of(
                    new Problem.FieldError(e.getPropertyName(), "is not a known field"))));
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : pathOf(e);
            throw new ProblemException(Problem.invalid(List.of(
                    new Problem.FieldError(field, "has the wrong type or shape: " + firstLine(e.getOriginalMessage())))));
        } catch (InputCoercionException e) {
            throw new ProblemException(Problem.badRequest("a number in the body is out of range: " + firstLine(e.getOriginalMessage())));
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                String field = e.getProcessor() instanceof JsonParser parser ? pathOf(parser.getParsingContext()) : "";
                throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError(field.isEmpty() ? "body" : field,
                        "is not valid UTF-8: " + firstLine(e.getOriginalMessage())))));
            }
            throw malformed(e);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ProblemException(Problem.badRequest("could not read the request body: " + e.getMessage()));
        }
    }

    private static ProblemException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new ProblemException(Problem.badRequest("malformed JSON" + where + ": " + firstLine(e.getOriginalMessage())));
    }

    private static void checkText(JsonNode node, String path, List<Problem.FieldError> errors) {
        if (node.isTextual()) {
            TextInput.problemWith(node.textValue()).ifPresent(p -> errors.add(new Problem.FieldError(path.isEmpty() ? "body" : path, p)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String child = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
                Optional<String> nameProblem = TextInput.problemWith(member.getKey());
                if (nameProblem.isPresent()) {
                    errors.add(new Problem.FieldError(path.isEmpty() ? "body" : path, "has a member name that " + nameProblem.get()));
                } else {
                    checkText(member.getValue(), child, errors);
                }
            }
        }
    }

    private static String pathOf(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(0, (parts.isEmpty() || parts.get(0).startsWith("[") ? "" : ".") + c.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    /**
     * Reads at most {@code maxBytes} of the body; more is a 413, whatever Content-Length claimed. A
     * body that breaks its framing (a bad chunk) or is cut off is a 400 that closes the connection.
     */
    public static byte[] readBody(ServerRequest req, int maxBytes) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // Not try-with-resources: closing drains what is left of the body, which blocks on a body
        // that never ends. Only a body read to its end is closed here; the server deals with the rest.
        InputStream in = req.content().inputStream();
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UnreadableBodyException("could not read the request body: " + e.getMessage(), e);
        } catch (io.helidon.webserver.ServerConnectionException e) {
            throw e; // the connection is gone (a read deadline closed it): nobody to answer
        } catch (RuntimeException e) {
            // The server's chunk parser throws unchecked (NumberFormatException for "ZZ\r\n"): the client's framing.
            throw new UnreadableBodyException("the request body is not validly framed (chunked encoding or length): "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try {
            in.close();
        } catch (IOException e) {
            throw new UnreadableBodyException("could not finish reading the request body: " + e.getMessage(), e);
        }
        bodyRead(req);
        return bytes;
    }

    private static void bodyRead(ServerRequest req) {
        req.context().get(BodyReadListener.class).ifPresent(BodyReadListener::bodyRead);
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

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
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
