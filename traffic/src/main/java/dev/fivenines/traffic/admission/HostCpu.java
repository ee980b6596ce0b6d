package dev.fivenines.traffic.admission;

import java.lang.management.ManagementFactory;

/**
 * The host's recent CPU load as the JDK sees it (container-aware): what the {@link LatencyGuard}
 * checks before it blames slow checkouts on load.
 */
public final class HostCpu {
    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private HostCpu() {
    }

    /** CPU load of the whole host (or container) since the previous call, in [0, 1]; negative when unknown. */
    public static double load() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getCpuLoad();
        }
        return -1;
    }
}
