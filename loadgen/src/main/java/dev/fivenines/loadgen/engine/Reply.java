package dev.fivenines.loadgen.engine;

import java.util.List;

/**
 * The answer to one HTTP request, or why there was none. Failures are values, not exceptions: the
 * engine records every one.
 *
 * @param status           HTTP status, or 0 when {@code failure} is not NONE
 * @param retryAfterMillis the Retry-After header in milliseconds, or -1 when absent or unparseable
 * @param setCookies       the answer's Set-Cookie headers, as sent (the session keeps them like a browser)
 */
public record Reply(int status, String body, String contentType, long retryAfterMillis, Failure failure, String detail,
                    List<String> setCookies) {
    public enum Failure { NONE, TIMEOUT, IO, TOO_LARGE, ABANDONED }

    public Reply {
        setCookies = setCookies == null ? List.of() : List.copyOf(setCookies);
    }

    public Reply(int status, String body, String contentType, long retryAfterMillis, Failure failure, String detail) {
        this(status, body, contentType, retryAfterMillis, failure, detail, List.of());
    }

    public static Reply of(int status, String body, String contentType, long retryAfterMillis) {
        return new Reply(status, body, contentType, retryAfterMillis, Failure.NONE, null);
    }

    public static Reply of(int status, String body, String contentType, long retryAfterMillis, List<String> setCookies) {
        return new Reply(status, body, contentType, retryAfterMillis, Failure.NONE, null, setCookies);
    }

    public static Reply failed(Failure failure, String detail) {
        return new Reply(0, "", null, -1, failure, detail);
    }

    public boolean isProblem() {
        return contentType != null && contentType.startsWith("application/problem+json");
    }
}
