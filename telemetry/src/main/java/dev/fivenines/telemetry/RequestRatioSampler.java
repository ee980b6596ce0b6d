package dev.fivenines.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;
import java.util.Objects;

/**
 * The root sampler: keeps a {@link TraceSamplingPolicy} fraction of HTTP request traces and every
 * other root (a Kafka record without a trace, scheduled work), which are few and often the only
 * record of a background failure.
 *
 * <p>The decision is a pure function of the trace id and the ratio, computed exactly as
 * {@link Sampler#traceIdRatioBased(double)} does (the trace id's low 64 bits against
 * {@code ratio * Long.MAX_VALUE}), so every process, and any standard OpenTelemetry sampler with
 * the same ratio, keeps the same traces. It is done here rather than by delegating because the
 * ratio varies per request and the SDK sampler would have to be built per request.
 */
final class RequestRatioSampler implements Sampler {
    private final TraceSamplingPolicy policy;

    RequestRatioSampler(TraceSamplingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        String method = attributes.get(HttpTracing.HTTP_REQUEST_METHOD);
        String path = attributes.get(HttpTracing.URL_PATH);
        if (spanKind != SpanKind.SERVER || method == null || path == null) {
            return SamplingResult.recordAndSample();
        }
        double ratio = policy.ratio(method, path);
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalStateException("trace sampling policy " + policy + " returned " + ratio + " for " + method
                    + " " + path + "; a ratio must be in [0, 1]");
        }
        return keeps(traceId, ratio) ? SamplingResult.recordAndSample() : SamplingResult.drop();
    }

    /** Same arithmetic as the SDK's TraceIdRatioBasedSampler (1.67), so decisions agree bit for bit. */
    static boolean keeps(String traceId, double ratio) {
        long upperBound = ratio == 0.0 ? Long.MIN_VALUE : ratio == 1.0 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
        return Math.abs(lowBits(traceId)) < upperBound;
    }

    /** The trace id's last 16 hex digits (its random part under W3C trace context level 2) as a long. */
    private static long lowBits(String traceId) {
        long value = 0;
        for (int i = 16; i < 32; i++) {
            value = (value << 4) | Character.digit(traceId.charAt(i), 16);
        }
        return value;
    }

    @Override
    public String getDescription() {
        return "RequestRatioSampler{" + policy + "}";
    }

    @Override
    public String toString() {
        return getDescription();
    }
}
