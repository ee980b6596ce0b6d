package dev.fivenines.commerce.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.web.Http;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.util.List;

/**
 * Reads request bodies more strictly than {@link Http#readJson}: no number from a string
 * ({@code "2"}), no integer from a fraction ({@code 2.5} would silently become 2), no duplicate
 * members. Every defect is a 400 that names the field; a body over {@link Http#MAX_BODY_BYTES} is a 413.
 */
public final class JsonBodies {
    private static final ObjectMapper STRICT = Json.configure(JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build());

    private JsonBodies() {
    }

    public static byte[] readBytes(ServerRequest req) {
        byte[] body = Http.readBody(req, Http.MAX_BODY_BYTES);
        if (body.length == 0) {
            throw new ProblemException(Problem.badRequest("request body is empty; a JSON object is required"));
        }
        return body;
    }

    public static <T> T read(ServerRequest req, Class<T> type) {
        return parse(readBytes(req), type);
    }

    public static JsonNode tree(byte[] body) {
        return parse(body, JsonNode.class);
    }

    public static <T> T parse(byte[] body, Class<T> type) {
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
