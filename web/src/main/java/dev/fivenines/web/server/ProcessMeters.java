package dev.fivenines.web.server;

import io.helidon.metrics.api.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM and process meters every node exposes, from Micrometer's binders: Prometheus names in
 * base units ({@code jvm_memory_used_bytes}, {@code jvm_threads_live_threads},
 * {@code process_cpu_usage}, {@code jvm_gc_collection_seconds_total} ...), the names dashboards for JVMs
 * already use. They replace Helidon's MicroProfile-style system meters, whose camelCase names and
 * {@code _count} gauges ({@code classloader_loadedClasses_count}) break Prometheus naming.
 */
final class ProcessMeters {
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private ProcessMeters() {
    }

    /**
     * CPU figures under Prometheus' own names: Micrometer's ProcessorMetrics says {@code system_cpu_count}
     * (a gauge ending in {@code _count}) and {@code process_cpu_time_ns_total} (not a base unit).
     */
    private static void processor(io.micrometer.core.instrument.MeterRegistry micrometer) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Gauge.builder("system.cpus", os, OperatingSystemMXBean::getAvailableProcessors)
                .description("processors available to the JVM").register(micrometer);
        Gauge.builder("system.load.average.1m", os, OperatingSystemMXBean::getSystemLoadAverage)
                .description("system load average over the last minute (negative when unavailable)").register(micrometer);
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the JVM process used").register(micrometer);
            Gauge.builder("process.cpu.usage", sun, com.sun.management.OperatingSystemMXBean::getProcessCpuLoad)
                    .description("recent CPU use of the JVM process, 0 to 1 of all processors").register(micrometer);
        }
    }

    /** Binds the meters to {@code registry}'s Micrometer registry; later calls (more servers in one JVM) do nothing. */
    static void registerOnce(MeterRegistry registry) {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        io.micrometer.core.instrument.MeterRegistry micrometer = registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
        new JvmMemoryMetrics().bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        processor(micrometer);
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
        garbageCollectors(micrometer);
    }

    /**
     * Collections and their time per collector, read from the MXBeans when scraped. Not Micrometer's
     * JvmGcMetrics: its GC-notification thread registers a meter on the first pause of each kind while
     * holding Micrometer's lock and then waits for Helidon's, the reverse of a registration from
     * Helidon, and that deadlock left a JVM unready at start-up (docs/decisions/033).
     */
    private static void garbageCollectors(io.micrometer.core.instrument.MeterRegistry micrometer) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", gc, b -> Math.max(0, b.getCollectionCount()))
                    .tag("gc", gc.getName()).description("collections by this collector").register(micrometer);
            FunctionCounter.builder("jvm.gc.collection", gc, b -> Math.max(0, b.getCollectionTime()) / 1e3).baseUnit("seconds")
                    .tag("gc", gc.getName()).description("time this collector spent collecting (approximate, may overlap the application)")
                    .register(micrometer);
        }
    }
}
