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
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fivenines status}: every instance with its pid, port and health, probed now. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show every process of the local cluster: pid, port, health.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--config")
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
            return 3;
        }
        ClusterState s = cluster.get();
        System.out.println("cluster: " + s.phase() + " - " + s.message() + " (supervisor pid " + supervisor.get().pid() + ")");
        System.out.printf("%-18s %-8s %-6s %-8s %s%n", "INSTANCE", "PID", "PORT", "PROCESS", "HEALTH");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        boolean allGood = true;
        for (ClusterState.Instance instance : s.instances()) {
            boolean alive = instance.pid() > 0 && ProcessHandle.of(instance.pid()).map(ProcessHandle::isAlive).orElse(false);
            String health = instance.healthUrl() == null ? "-" : alive ? probe(http, instance.healthUrl() + "/ready") : "down";
            allGood &= alive && (health.equals("-") || health.equals("ready"));
            System.out.printf("%-18s %-8d %-6d %-8s %s%n", instance.name(), instance.pid(), instance.port(),
                    alive ? "running" : "dead", health);
        }
        printLedgerLeader(http, s, state);
        return allGood ? 0 : 4;
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
