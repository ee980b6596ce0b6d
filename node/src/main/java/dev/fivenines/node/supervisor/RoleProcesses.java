package dev.fivenines.node.supervisor;

import dev.fivenines.node.config.ClusterConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** How the supervisor starts a role instance's JVM, and asks it whether it is ready. */
final class RoleProcesses {
    private static final Logger LOG = Logger.getLogger(RoleProcesses.class.getName());
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final ClusterConfig config;
    private final StateDir state;
    private final Path configFile;
    private final String javaExecutable;
    private final String classpath;
    /** Null: the roles run without an AOT cache (FIVENINES_AOT=off, for side-by-side measurements). */
    private final AotCache aot;
    /** The JIT's options for every role JVM (JitMode); the AOT cache is assembled with them too. */
    private final List<String> jitOptions;
    /** Instances whose current JVM writes an AOT configuration when it exits. */
    private final Set<String> recording = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    RoleProcesses(ClusterConfig config, StateDir state, Path configFile, String javaExecutable, String classpath,
                  AotCache aot, List<String> jitOptions) {
        this.aot = aot;
        this.jitOptions = List.copyOf(jitOptions);
        this.config = config;
        this.state = state;
        this.configFile = configFile;
        this.javaExecutable = javaExecutable;
        this.classpath = classpath;
    }

    /**
     * The JVM option that writes a process's collections to {@code file} (quoted: a path may hold a
     * colon), each with its CPU times ({@code gc+cpu}: User, Sys, Real): a pause whose Real is far
     * above its User waited for a core, a pause whose User is as long did work.
     */
    static String gcLog(Path file) {
        return "-Xlog:gc,gc+cpu:file=\"" + file.toAbsolutePath() + "\":time,uptime:filecount=2,filesize=10m";
    }

    List<String> command(String role, int instance, int port) {
        String name = role + "-" + instance;
        int niceness = config.roles().get(role).niceness();
        // Small capped heaps and the serial collector: ten JVMs share two cores and a laptop's memory.
        // Exit on OutOfMemoryError: an edge flooded with admission off ran out of heap and stayed up
        // unreachable; a process that is gone is one status, health checks and restarts understand.
        // One line per collection (pause, heap before -> after) beside the role's log, two files of 10 MB at most:
        // on a shared box a collector's pause is a latency every request in flight pays.
        List<String> command = new ArrayList<>(List.of(javaExecutable));
        command.addAll(cacheOptions(config.roles().get(role).heapMb(), jitOptions));
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", gcLog(state.logs().resolve(name + "-gc.log")),
                "-Dfivenines.home=" + System.getProperty("fivenines.home", ".")));
        if (aot != null) {
            List<String> options = aot.options(role, instance);
            command.addAll(options);
            if (AotCache.records(options)) {
                recording.add(name);
            } else {
                recording.remove(name);
            }
        }
        command.addAll(List.of("-cp", classpath, "dev.fivenines.node.Main", "role", role, "--instance", Integer.toString(instance),
                "--port", Integer.toString(port), "--config", configFile.toString()));
        if (niceness < 0 && !ChildProcess.mayRaisePriority()) {
            LOG.warning("roles." + role + ".niceness is " + niceness + " but the supervisor lacks CAP_SYS_NICE (not root): "
                    + name + " runs at niceness 0; on a host short of CPU its pauses will stretch (docs/traffic.md)");
            niceness = 0;
        }
        return ChildProcess.niced(niceness, command);
    }

    /**
     * The options of a role's JVMs that its AOT cache must be assembled with too: with
     * --enable-native-access missing from the create step, the JVM used none of the cache
     * ("Mismatched values for property jdk.module.enable.native.access").
     */
    static List<String> cacheOptions(int heapMb, List<String> jitOptions) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        options.addAll(jitOptions);
        return options;
    }

    /** Assembles, after start-up, the AOT caches recorded by an earlier run; one that does nothing without them. */
    AotAssembler aotAssembler() {
        List<String> roles = aot == null ? List.of() : aot.toCreate(ClusterConfig.ROLE_NAMES);
        return new AotAssembler(aot, roles, role -> aot.createCommand(javaExecutable, classpath, role,
                        cacheOptions(config.roles().get(role).heapMb(), jitOptions)),
                state.log("aot"));
    }

    /**
     * How long {@code name} may take to exit after SIGTERM: a JVM recording its AOT configuration
     * writes it on the way out (15 s for a small program on this box at load 40); others get {@code normal}.
     */
    Duration stopGrace(String name, Duration normal) {
        return recording.contains(name) ? AotCache.RECORDING_STOP_GRACE : normal;
    }

    /** Whether the instance on {@code port} answers its readiness check within {@link #PROBE_TIMEOUT}. */
    boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                    .timeout(PROBE_TIMEOUT).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // refused or timed out: that is the answer, not ready
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
