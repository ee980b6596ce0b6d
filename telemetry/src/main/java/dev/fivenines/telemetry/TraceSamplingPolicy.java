package dev.fivenines.telemetry;

/**
 * Which fraction of new traces to keep for an HTTP request, decided when the request's root SERVER
 * span starts. Only roots ask: a span with a parent (local, or remote through {@code traceparent})
 * follows its parent's decision, so one trace is kept or dropped as a whole across processes.
 *
 * <p>Called on every request that starts a trace, before the handler runs: it must be cheap, must
 * not block and must return a ratio in [0, 1] (anything else is a bug and fails the span start).
 */
@FunctionalInterface
public interface TraceSamplingPolicy {
    /** Every trace kept: what {@link Telemetry#start(String, String, java.nio.file.Path, java.util.Optional)} does. */
    TraceSamplingPolicy KEEP_ALL = (method, path) -> 1.0;

    /**
     * @param method the request's HTTP method ({@code http.request.method})
     * @param path   the request's path without the query ({@code url.path})
     * @return the fraction of such traces to keep, in [0, 1]; 1 keeps every one, 0 none
     */
    double ratio(String method, String path);
}
