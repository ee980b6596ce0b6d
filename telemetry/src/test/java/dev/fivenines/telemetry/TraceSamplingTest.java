package dev.fivenines.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSamplingTest {
    private static final long SEED = 20261123L;
    /** Checkout kept always, browsing never: the extremes make every decision checkable. */
    private static final TraceSamplingPolicy CHECKOUT_ONLY =
            (method, path) -> path.equals("/api/v1/checkout") ? 1.0 : 0.0;

    private static List<String> traceIds(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("%016x%016x", random.nextLong(), random.nextLong()));
        }
        return ids;
    }

    private static SamplingDecision rootRequest(Sampler sampler, String traceId, String method, String path) {
        return request(sampler, Context.root(), traceId, method, path);
    }

    private static SamplingDecision request(Sampler sampler, Context parent, String traceId, String method, String path) {
        Attributes attributes = Attributes.of(HttpTracing.HTTP_REQUEST_METHOD, method, HttpTracing.URL_PATH, path);
        return sampler.shouldSample(parent, traceId, method + " " + path, SpanKind.SERVER, attributes, List.of())
                .getDecision();
    }

    private static Context remoteParent(String traceId, TraceFlags flags) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, "00f067aa0ba902b7", flags,
                TraceState.getDefault())));
    }

    /** Bit 0 of a traceparent's flags (the SDK also sets bit 1, "random trace id", of W3C level 2). */
    private static boolean sampledFlag(String traceparent) {
        assertThat(traceparent).as("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        return (Integer.parseInt(traceparent.substring(53), 16) & 0x01) != 0;
    }

    @Test
    void givenCheckoutAtRatioOne_whenRootCheckoutSpansStart_thenEveryOneIsSampled() {
        Sampler sampler = Telemetry.sampler(CHECKOUT_ONLY);

        for (String traceId : traceIds(SEED, 2_000)) {
            assertThat(rootRequest(sampler, traceId, "POST", "/api/v1/checkout")).as(traceId)
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        }
    }

    @Test
    void givenBrowsingAtRatioZero_whenRootBrowsingSpansStart_thenEveryOneIsDropped() {
        Sampler sampler = Telemetry.sampler(CHECKOUT_ONLY);

        for (String traceId : traceIds(SEED, 2_000)) {
            assertThat(rootRequest(sampler, traceId, "GET", "/api/v1/products/sku-1")).as(traceId)
                    .isEqualTo(SamplingDecision.DROP);
        }
    }

    @Test
    void givenARemoteParent_whenAChildStarts_thenItFollowsTheParentsSampledFlagWhateverItsOwnRatio() {
        Sampler sampler = Telemetry.sampler(CHECKOUT_ONLY);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        assertThat(request(sampler, remoteParent(traceId, TraceFlags.getSampled()), traceId, "GET", "/api/v1/products/sku-1"))
                .as("browsing (ratio 0) under a sampled parent").isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(request(sampler, remoteParent(traceId, TraceFlags.getDefault()), traceId, "POST", "/api/v1/checkout"))
                .as("checkout (ratio 1) under an unsampled parent").isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void givenRootsThatAreNotHttpRequests_whenTheyStart_thenTheyAreSampledWithoutAskingThePolicy() {
        AtomicInteger asked = new AtomicInteger();
        Sampler sampler = Telemetry.sampler((method, path) -> {
            asked.incrementAndGet();
            return 0.0;
        });

        for (String traceId : traceIds(SEED, 200)) {
            assertThat(sampler.shouldSample(Context.root(), traceId, "orders process", SpanKind.CONSUMER,
                    Attributes.empty(), List.of()).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
            assertThat(sampler.shouldSample(Context.root(), traceId, "replenish", SpanKind.INTERNAL,
                    Attributes.empty(), List.of()).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void givenARatioOfOneTenth_whenManySeededTracesStart_thenAboutOneTenthIsKeptAndEachDecisionIsTheSdkRatioSamplers() {
        double ratio = 0.1;
        Sampler sampler = Telemetry.sampler((method, path) -> ratio);
        Sampler standard = Sampler.traceIdRatioBased(ratio);
        List<String> ids = traceIds(SEED, 20_000);

        int kept = 0;
        for (String traceId : ids) {
            SamplingDecision ours = rootRequest(sampler, traceId, "GET", "/api/v1/search");
            SamplingDecision sdk = standard.shouldSample(Context.root(), traceId, "x", SpanKind.SERVER, Attributes.empty(),
                    List.of()).getDecision();
            assertThat(ours).as("same decision as traceIdRatioBased for %s", traceId).isEqualTo(sdk);
            if (ours == SamplingDecision.RECORD_AND_SAMPLE) {
                kept++;
            }
        }
        // 20,000 draws at p = 0.1: one standard deviation is 0.0021, so 0.01 is about five.
        assertThat(kept / (double) ids.size()).isBetween(0.09, 0.11);
    }

    @Test
    void givenTheSameTraceId_whenTwoProcessesDecide_thenTheyAgree() {
        Sampler edge = Telemetry.sampler((method, path) -> 0.3);
        Sampler shop = Telemetry.sampler((method, path) -> 0.3);

        for (String traceId : traceIds(SEED + 1, 2_000)) {
            assertThat(rootRequest(edge, traceId, "GET", "/api/v1/categories"))
                    .isEqualTo(rootRequest(shop, traceId, "GET", "/api/v1/categories"));
        }
    }

    @Test
    void givenAPolicyReturningARatioAboveOne_whenARootStarts_thenTheBugIsReportedWithTheRequest() {
        Sampler sampler = Telemetry.sampler((method, path) -> 1.5);

        assertThatThrownBy(() -> rootRequest(sampler, "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "/api/v1/search"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 1.5 for GET /api/v1/search");
    }

    @Test
    void givenTelemetryWithAPolicy_whenABrowsingAndACheckoutRequestAreServed_thenOnlyTheCheckoutIsWrittenAndTheDropIsPropagated(
            @TempDir Path dir) throws Exception {
        Path spans = dir.resolve("spans-edge-1.jsonl");
        Map<String, String> browsingDownstream = new HashMap<>();
        Map<String, String> checkoutDownstream = new HashMap<>();
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", spans, Optional.empty(), CHECKOUT_ONLY)) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(),
                    RouteTemplates.of(List.of("/api/v1/checkout", "/api/v1/products/{productId}")));
            tracing.serve("GET", "/api/v1/products/sku-1", HttpTracing.exchange(name -> null, () -> {
                tracing.tracer().spanBuilder("GET shop").setSpanKind(SpanKind.CLIENT).startSpan().end();
                tracing.inject(browsingDownstream);
            }, 200));
            tracing.serve("POST", "/api/v1/checkout", HttpTracing.exchange(name -> null, () -> {
                tracing.tracer().spanBuilder("POST shop").setSpanKind(SpanKind.CLIENT).startSpan().end();
                tracing.inject(checkoutDownstream);
            }, 201));
        }

        assertThat(sampledFlag(browsingDownstream.get("traceparent"))).as("the shop is told not to record").isFalse();
        assertThat(sampledFlag(checkoutDownstream.get("traceparent"))).as("the shop is told to record").isTrue();
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(spans)) {
            JsonNode span = Json.mapper().readTree(line);
            names.add(span.path("name").asText());
        }
        assertThat(names).containsExactlyInAnyOrder("POST /api/v1/checkout", "POST shop");
    }
}
