package dev.fivenines.node.cli;

import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.supervisor.ClusterState;
import dev.fivenines.node.supervisor.JitMode;
import dev.fivenines.node.supervisor.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fivenines up}: starts the supervisor in the background (its own session, so a Ctrl-C in
 * this terminal does not kill the cluster) and returns when the cluster is ready, or fails naming the
 * part that did not come up and its log.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start the local cluster (embedded PostgreSQL and Kafka, every role) and wait until it is ready.")
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Topology file (default config/local.yaml, or FIVENINES_CONFIG).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Logs.cli();
        Path file = Commands.configFile(config);
        ClusterConfig cfg = Commands.config(file);
        StateDir state = Commands.state(cfg);
        state.create();
        Optional<ProcessHandle> running = Processes.supervisor(state);
        ProcessHandle supervisor;
        if (running.isEmpty()) {
            Files.deleteIfExists(state.clusterFile());
            // setsid execs in place (we are not a group leader), so this handle is the supervisor itself.
            supervisor = launchSupervisor(file, state).toHandle();
            System.out.println("starting the local cluster (logs in " + state.logs() + ") ...");
        } else {
            supervisor = running.get();
            System.out.println("the local cluster is already running (supervisor pid " + supervisor.pid() + ")");
        }
        long deadline = System.nanoTime() + (cfg.startTimeoutSeconds() + 120L) * 1_000_000_000L;
        long started = System.nanoTime();
        String lastMessage = "";
        while (System.nanoTime() < deadline) {
            Optional<ClusterState> cluster = ClusterState.read(state.clusterFile());
            if (cluster.isPresent()) {
                ClusterState s = cluster.get();
                // DEGRADED: an `up` of a running cluster waits while the supervisor restarts what exited.
                if (!s.message().equals(lastMessage)
                        && (s.phase() == ClusterState.Phase.STARTING || s.phase() == ClusterState.Phase.DEGRADED)) {
                    System.out.println("  " + (s.phase() == ClusterState.Phase.DEGRADED ? "DEGRADED: " : "") + s.message());
                    lastMessage = s.message();
                }
                if (s.phase() == ClusterState.Phase.READY) {
                    printReady(s, state, (System.nanoTime() - started) / 1_000_000);
                    return 0;
                }
                if (s.phase() == ClusterState.Phase.FAILED) {
                    System.err.println("fivenines: the cluster did not start: " + s.message());
                    System.err.println("everything that was started has been stopped; supervisor log: " + state.log("supervisor"));
                    return 1;
                }
            }
            if (!supervisor.isAlive()) {
                // It may have recorded why just before exiting.
                Optional<ClusterState> last = ClusterState.read(state.clusterFile());
                if (last.isPresent() && last.get().phase() == ClusterState.Phase.FAILED) {
                    System.err.println("fivenines: the cluster did not start: " + last.get().message());
                    System.err.println("everything that was started has been stopped; supervisor log: " + state.log("supervisor"));
                    return 1;
                }
                System.err.println("fivenines: the supervisor exited during start-up; last lines of " + state.log("supervisor") + ":");
                Processes.tail(state.log("supervisor"), 15).forEach(line -> System.err.println("  " + line));
                return 1;
            }
            Thread.sleep(250); // polling the supervisor's state file
        }
        System.err.println("fivenines: the cluster was not ready in time; see " + state.logs() + " and run ./fivenines status");
        return 1;
    }

    private static Process launchSupervisor(Path configFile, StateDir state) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(JitMode.options(System.getenv()));
        command.addAll(List.of("-Dfivenines.home=" + Commands.home(), "-cp", System.getProperty("java.class.path"),
                "dev.fivenines.node.Main", "supervise", "--config", configFile.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.log("supervisor").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static void printReady(ClusterState s, StateDir state, long elapsedMillis) {
        System.out.println();
        System.out.printf("fivenines is up (%.1f s).%n", elapsedMillis / 1000.0);
        System.out.println("  storefront     : " + s.edgeUrl() + "/");
        System.out.println("  shop API       : " + s.edgeUrl() + "/api/v1/products");
        System.out.println("  OpenAPI        : " + s.edgeUrl() + "/api/v1/openapi.yaml");
        System.out.println("  edge health    : " + s.edgeUrl() + "/observe/health");
        System.out.println("  metrics        : " + s.edgeUrl() + "/metrics");
        System.out.println("  logs           : " + state.logs());
        System.out.println("  admin token    : " + state.adminTokenFile() + " (or FIVENINES_ADMIN_TOKEN)");
        System.out.println("  next           : ./fivenines status | ./fivenines down");
    }
}
