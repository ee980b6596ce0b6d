package dev.fivenines.web.server;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Meters whose values are read from a component's own counters at scrape time ({@code /metrics}).
 *
 * <p>The registry holds a functional meter's state object only weakly (Micrometer underneath), so
 * the state must be the component itself, which its role keeps alive: a capturing lambda as state
 * is collected at the next GC and the meter silently reads nothing from then on.
 */
public final class Meters {
    private final MeterRegistry registry;

    public Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> void counter(String name, String help, T state, ToLongFunction<T> value, List<Tag> tags) {
        registry.getOrCreate(FunctionalCounter.builder(name, state, value::applyAsLong).description(help).tags(tags));
    }

    public <T> void gauge(String name, String help, T state, ToDoubleFunction<T> value, List<Tag> tags) {
        registry.getOrCreate(Gauge.builder(name, state, value).description(help).tags(tags));
    }
}
