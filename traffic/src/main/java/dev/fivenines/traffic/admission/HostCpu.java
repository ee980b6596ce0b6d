package dev.fivenines.traffic.admission;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The host's recent CPU load as the JDK sees it (container-aware): what the {@link LatencyGuard}
 * checks before it blames slow checkouts on load.
 *
 * <p>The JDK's figure is the load since its previous reading by anyone in the process, so every
 * guard of a process (the edge has one per upstream) reads through one cached value, refreshed at
 * most every {@value #MIN_INTERVAL_MILLIS} ms: otherwise three guards reading every 250 ms would
 * each see an ~80 ms window, mostly noise on two cores.
 */
public final class HostCpu {
    static final long MIN_INTERVAL_MILLIS = 200;
    private static final HostCpu PROCESS = new HostCpu(System::nanoTime, HostCpu::readJdk);

    private final LongSupplier nanoTime;
    private final DoubleSupplier source;
    private boolean read;
    private long readAtNanos;
    private double last = -1;

    HostCpu(LongSupplier nanoTime, DoubleSupplier source) {
        this.nanoTime = nanoTime;
        this.source = source;
    }

    /** CPU load of the whole host (or container) over the last reading window, in [0, 1]; negative when unknown. */
    public static double load() {
        return PROCESS.get();
    }

    synchronized double get() {
        long now = nanoTime.getAsLong();
        if (read && now - readAtNanos < TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MILLIS)) {
            return last;
        }
        last = source.getAsDouble();
        readAtNanos = now;
        read = true;
        return last;
    }

    private static double readJdk() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getCpuLoad() : -1;
    }
}
