package dev.fivenines.base;

/**
 * What the HTTP clients (Helidon's {@code Http1Client} at the edge and in the load generator) need to
 * know about their keep-alive pools. Kept here, not in either, because both must read the same
 * failure the same way.
 */
public final class PooledConnections {
    /** Helidon 4.5's message when the idle watch of a pooled connection ended as it was handed out. */
    private static final String EXPIRED_WHILE_REUSED = "Exception in socket monitor thread.";

    private PooledConnections() {
    }

    /**
     * Whether {@code e} says a pooled connection expired as it was reused. Helidon watches an idle
     * connection and gives it up after the socket's read timeout; one handed out in the last ~100 ms
     * of that watch fails at its first read, after the request was written. Its cause chain holds a
     * {@code SocketTimeoutException} from the watch, which is not the request timing out: the
     * request was sent and may have taken effect, so it counts as a failure after sending.
     */
    public static boolean expiredWhileReused(Throwable e) {
        return e instanceof RuntimeException && EXPIRED_WHILE_REUSED.equals(e.getMessage());
    }
}
