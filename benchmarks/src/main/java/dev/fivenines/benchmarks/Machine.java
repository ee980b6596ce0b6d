package dev.fivenines.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine, for the report. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = "unknown cpu";
        String load = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            // Only the description suffers.
            cpu = "unreadable /proc (" + e.getMessage() + ")";
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap, JDK " + Runtime.version()
                + ", load average at start " + load;
    }
}
