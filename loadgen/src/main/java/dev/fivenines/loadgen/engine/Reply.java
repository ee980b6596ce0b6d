package dev.fivenines.loadgen.engine;

/**
 * The answer to one HTTP request, or why there was none. Failures are values, not exceptions: the
 * engine records every one.
 *
 * @param status           HTTP status, or 0 when {@code failure} is not NONE
 * @param retryAfterMillis the Retry-After header in milliseconds, or -1 when absent or unparseable
 */
public record Reply(int status, String body, String contentType, long retryAfterMillis, Failure failure, String detail) {
    public enum Failure { NONE, TIMEOUT, IO, TOO_LARGE, ABANDONED }

    public static Reply of(int status, String body, String contentType, long retryAfterMillis) {
        return new Reply(status, body, contentType, retryAfterMillis, Failure.NONE, null);
    }

    public static Reply failed(Failure failure, String detail) {
        return new Reply(0, "", null, -1, failure, detail);
    }

    public boolean isProblem() {
        return contentType != null && contentType.startsWith("application/problem+json");
    }
}
