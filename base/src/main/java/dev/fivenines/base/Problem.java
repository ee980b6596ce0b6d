package dev.fivenines.base;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail: what every error of every fivenines API looks like on the wire.
 *
 * <p>{@code type} is a stable URI reference (relative, under {@code /problems/}) that clients may
 * switch on; {@code title} is short and fixed per type; {@code detail} says what was wrong with this
 * request; {@code errors} lists field-level validation failures, when there are any.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {

    /** One invalid field: the JSON pointer-ish path of the field and what is wrong with it. */
    public record FieldError(String field, String message) {
        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in [400, 599], was " + status);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("/problems/" + slug, title, status, detail, List.of(), Map.of());
    }

    public static Problem badRequest(String detail) {
        return of(400, "bad-request", "Bad request", detail);
    }

    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new Problem("/problems/invalid-request", "Invalid request", 400, detail, errors, Map.of());
    }

    public static Problem notFound(String what, String id) {
        return of(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static Problem conflict(String slug, String title, String detail) {
        return of(409, slug, title, detail);
    }

    public static Problem unavailable(String detail) {
        return of(503, "unavailable", "Service unavailable", detail);
    }

    public Problem with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(key, value);
        return new Problem(type, title, status, detail, errors, copy);
    }

    /** The problem as the JSON object sent on the wire (extensions are top-level members). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("title", title);
        json.put("status", status);
        if (detail != null) {
            json.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            json.put("errors", errors);
        }
        json.putAll(extensions);
        return json;
    }
}
