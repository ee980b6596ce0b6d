package dev.fivenines.node.supervisor;

import dev.fivenines.base.ConfigException;

import java.util.List;
import java.util.Map;

/**
 * Which JIT compilers the local cluster's JVMs use. Ten JVMs on two cores spent 40-51% of their
 * samples in C2 still after 8,000 buy sessions; with C1 alone a buy cost 39% less CPU and {@code up}
 * took 32 s instead of 77 (decision 031). C1 also compiles a method after a tenth of the JDK's
 * invocation counts: code run once a buy or once a second otherwise stays interpreted for minutes
 * (decision 041). {@code FIVENINES_JIT=tiered} restores the JDK's C1 + C2, for hosts with cores to
 * spare and uptimes long enough to repay it.
 */
public final class JitMode {
    public static final String ENV = "FIVENINES_JIT";

    private JitMode() {
    }

    /** The JVM options for {@code env}'s mode: C1 only (the default) or the JDK's tiered C1 + C2. */
    public static List<String> options(Map<String, String> env) {
        String mode = env.getOrDefault(ENV, "").trim();
        return switch (mode) {
            case "", "c1" -> List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");
            case "tiered" -> List.of();
            default -> throw new ConfigException(ENV + " must be one of [c1, tiered], was '" + mode + "'");
        };
    }
}
