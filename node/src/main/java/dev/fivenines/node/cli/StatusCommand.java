package dev.fivenines.node.cli;

import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.supervisor.ClusterState;
import dev.fivenines.node.supervisor.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fivenines status}: every process with its state (READY, STARTING, RESTARTING, UNHEALTHY,
 * DEAD), and the cluster's: READY when every process is, DEGRADED otherwise. Exits 0 only when READY,
 * so a script can ask "is it all up?" (docs/supervisor.md).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every process of the local cluster (state, pid, port, restarts) and whether the cluster is READY or DEGRADED.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:READY: every process is up and ready",
                "3:the local cluster is not running",
                "4:not READY: DEGRADED (something is dead, restarting or unhealthy), or still starting or stopping"})
public final class StatusCommand implements Callable<Integer> {
    public static final int EXIT_READY = 0;
    public static final int EXIT_NOT_RUNNING = 3;
    public static final int EXIT_NOT_READY = 4;
    /** The supervisor rewrites cluster.json every second; older than this, status probes every instance itself. */
    private static final Duration FRESH_RECORD = Duration.ofSeconds(15);

    @Option(names = "--config", description = "Topology file (default config/local.yaml, or FIVENINES_CONFIG).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Logs.cli();
        ClusterConfig cfg = Commands.config(Commands.configFile(config));
        StateDir state = Commands.state(cfg);
        Optional<ClusterState> cluster = ClusterState.read(state.clusterFile());
        Optional<ProcessHandle> supervisor = Processes.supervisor(state);
        if (cluster.isEmpty() || supervisor.isEmpty()) {
            System.out.println("the local cluster is not running (start it with ./fivenines up)");
            return EXIT_NOT_RUNNING;
        }
        ClusterState s = cluster.get();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        Instant now = Instant.now();
        boolean fresh = s.updatedAt() != null && Duration.between(s.updatedAt(), now).compareTo(FRESH_RECORD) < 0;
        List<InstanceView> views = new ArrayList<>();
        for (ClusterState.Instance instance : s.instances()) {
            boolean alive = instance.pid() > 0 && ProcessHandle.of(instance.pid()).map(ProcessHandle::isAlive).orElse(false);
            views.add(InstanceView.of(instance, alive, () -> probe(http, instance.healthUrl() + "/ready"), now, fresh));
        }
        boolean running = s.phase() == ClusterState.Phase.READY || s.phase() == ClusterState.Phase.DEGRADED;
        String notReady = InstanceView.notReady(views);
        boolean ready = running && notReady.isEmpty();
        String overall = ready ? "READY" : running ? "DEGRADED - " + notReady : s.phase() + " - " + s.message();
        System.out.println("cluster: " + overall + " (supervisor pid " + supervisor.get().pid() + ")");
        System.out.printf("%-18s %-8s %-6s %-11s %-8s %s%n", "INSTANCE", "PID", "PORT", "STATE", "RESTARTS", "DETAIL");
        for (InstanceView v : views) {
            System.out.printf("%-18s %-8d %-6d %-11s %-8d %s%n", v.name(), v.pid(), v.port(), v.state(), v.restarts(), v.detail());
        }
        printLedgerLeader(http, s, state);
        if (!ready && running) {
            System.out.println("exits and restarts: " + state.eventsFile());
        }
        return ready ? EXIT_READY : EXIT_NOT_READY;
    }

    /** Each ledger group's leader, as the first inventory replica that answers sees it. */
    private static void printLedgerLeader(HttpClient http, ClusterState s, StateDir state) throws java.io.IOException {
        String token = state.adminToken(System.getenv("FIVENINES_ADMIN_TOKEN"));
        for (ClusterState.Instance instance : s.instances()) {
            if (!instance.role().equals("inventory")) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + instance.port() + "/admin/inventory"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(1)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    var view = dev.fivenines.base.Json.mapper().readTree(response.body());
                    for (var group : view.path("groups")) {
                        String leader = group.path("leader").asText("");
                        System.out.println("stock ledger group '" + group.path("name").asText() + "': leader "
                                + (leader.isEmpty() || leader.equals("null") ? "none (election in progress)" : leader)
                                + ", applied index " + group.path("appliedIndex").asLong() + " (as seen by " + instance.name() + ")");
                    }
                    return;
                }
            } catch (Exception e) {
                // try the next replica: this one is down or slow
            }
        }
        if (s.instances().stream().anyMatch(i -> i.role().equals("inventory"))) {
            System.out.println("stock ledger: no replica answered");
        }
    }

    private static String probe(HttpClient http, String url) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? "ready" : "not ready (" + status + ")";
        } catch (Exception e) {
            return "unreachable";
        }
    }
}
