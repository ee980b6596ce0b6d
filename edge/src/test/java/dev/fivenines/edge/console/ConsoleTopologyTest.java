package dev.fivenines.edge.console;

import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;
import dev.fivenines.web.server.NodeServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology put together from stub instances: ready, not ready, down and hanging. */
class ConsoleTopologyTest {
    private static final String TOKEN = "console-test-token-0123";
    private final List<WebServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(WebServer::stop);
        http.close();
    }

    /** A role instance whose readiness is {@code ready}; an inventory one also answers its ledger view. */
    private URI instance(boolean ready, String peer, String leader, long appliedIndex) {
        AdminToken token = new AdminToken(TOKEN);
        NodeServer node = new NodeServer().port(0).readiness("stub", () -> ready);
        if (peer != null) {
            node.routes(r -> r.get("/admin/inventory", (req, res) -> {
                token.require(req);
                Http.json(res, 200, Map.of("peer", peer, "groups", List.of(Map.of("name", "inventory", "leader", leader,
                        "isLeader", peer.equals(leader), "appliedIndex", appliedIndex))));
            }));
        }
        WebServer server = node.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** An instance that accepts the connection and never answers. */
    private URI hanging() {
        WebServer server = new NodeServer().port(0).routes(r -> r.get("/observe/health/ready", (req, res) -> {
            release.await(30, TimeUnit.SECONDS);
            res.send("late");
        })).start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static URI nothingListening() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> instanceNamed(Map<String, Object> topology, String name) {
        for (Map<String, Object> role : (List<Map<String, Object>>) topology.get("roles")) {
            for (Map<String, Object> one : (List<Map<String, Object>>) role.get("instances")) {
                if (one.get("name").equals(name)) {
                    return one;
                }
            }
        }
        throw new AssertionError("no instance " + name + " in " + topology);
    }

    @Test
    @SuppressWarnings("unchecked")
    void one_replica_down_and_one_shop_hanging_still_give_the_whole_page_within_the_deadlines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cluster.json"), """
                {"phase":"DEGRADED","message":"inventory-3 RESTARTING","updatedAt":"2026-12-07T23:00:00Z","instances":[
                 {"name":"shop-1","role":"shop","port":1,"pid":%d,"state":"READY","restarts":0},
                 {"name":"inventory-3","role":"inventory","port":3,"pid":0,"state":"RESTARTING","restarts":2},
                 {"name":"postgres","role":"postgres","port":15432,"pid":%d,"state":"READY","restarts":1}]}
                """.formatted(ProcessHandle.current().pid(), ProcessHandle.current().pid()));
        List<ConsoleTopology.Instance> instances = List.of(
                new ConsoleTopology.Instance("shop", "shop-1", instance(true, null, null, 0)),
                new ConsoleTopology.Instance("shop", "shop-2", hanging()),
                new ConsoleTopology.Instance("inventory", "inventory-1", instance(true, "i1", "i1", 42)),
                new ConsoleTopology.Instance("inventory", "inventory-2", instance(false, "i2", "i1", 40)),
                new ConsoleTopology.Instance("inventory", "inventory-3", nothingListening()));
        Map<String, Object> routing = Map.of("shop", List.of(Map.of("name", "shop-1", "drained", true)));
        ConsoleTopology topology = new ConsoleTopology(instances, http, TOKEN, Duration.ofMillis(500),
                dir.resolve("cluster.json"), () -> routing);

        long started = System.nanoTime();
        Map<String, Object> page = topology.snapshot();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Asked in parallel: the hanging shop and the dead replica cost one deadline, not one each.
        assertThat(tookMillis).as("two deadlines is the most a snapshot can wait").isLessThan(2 * 500 + 900);
        assertThat((Map<String, Object>) instanceNamed(page, "shop-1").get("health")).containsEntry("ready", true);
        assertThat((Map<String, Object>) instanceNamed(page, "shop-1").get("process"))
                .containsEntry("state", "READY").containsEntry("alive", true);
        assertThat((Map<String, Object>) instanceNamed(page, "shop-2").get("health"))
                .containsEntry("reachable", false).containsEntry("detail", "no answer in time");
        assertThat(instanceNamed(page, "shop-2").get("process")).as("not in the supervisor's record").isNull();
        assertThat((Map<String, Object>) instanceNamed(page, "inventory-2").get("health"))
                .containsEntry("reachable", true).containsEntry("ready", false).containsEntry("status", 503);
        assertThat((Map<String, Object>) instanceNamed(page, "inventory-3").get("health"))
                .containsEntry("reachable", false).containsEntry("detail", "unreachable (connection refused)");
        assertThat((Map<String, Object>) instanceNamed(page, "inventory-3").get("process"))
                .containsEntry("state", "RESTARTING").containsEntry("restarts", 2).containsEntry("alive", false);

        Map<String, Object> raft = (Map<String, Object>) page.get("raft");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) raft.get("groups");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g).containsEntry("name", "inventory").containsEntry("leader", "i1").containsEntry("leaderInstance", "inventory-1");
            assertThat((List<Map<String, Object>>) g.get("replicas")).extracting(r -> r.get("instance"), r -> r.get("appliedIndex"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("inventory-1", 42L),
                            org.assertj.core.groups.Tuple.tuple("inventory-2", 40L));
        });
        assertThat((List<Map<String, Object>>) raft.get("unreachable")).singleElement()
                .satisfies(u -> assertThat(u).containsEntry("instance", "inventory-3"));

        assertThat((List<Map<String, Object>>) page.get("engines")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("name", "postgres"));
        assertThat((Map<String, Object>) page.get("cluster")).containsEntry("phase", "DEGRADED");
        assertThat(page.get("routing")).isEqualTo(routing);
    }

    @Test
    @SuppressWarnings("unchecked")
    void without_a_supervisor_record_the_page_says_so_and_shows_the_rest(@TempDir Path dir) throws Exception {
        ConsoleTopology topology = new ConsoleTopology(List.of(new ConsoleTopology.Instance("edge", "edge-1",
                instance(true, null, null, 0))), http, TOKEN, Duration.ofMillis(500), dir.resolve("cluster.json"), Map::of);
        Map<String, Object> page = topology.snapshot();
        assertThat((Map<String, Object>) page.get("cluster")).containsKey("error");
        assertThat((Map<String, Object>) instanceNamed(page, "edge-1").get("health")).containsEntry("ready", true);
        assertThat(new ConsoleTopology(List.of(), http, TOKEN, Duration.ofMillis(500), null, Map::of).snapshot().get("cluster")).isNull();
    }

    @Test
    void however_many_consoles_poll_the_instances_are_asked_at_most_once_within_the_reuse_window() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        WebServer server = new NodeServer().port(0).readiness("counted", () -> asked.incrementAndGet() > 0).start();
        servers.add(server);
        ConsoleTopology topology = new ConsoleTopology(List.of(new ConsoleTopology.Instance("shop", "shop-1",
                URI.create("http://127.0.0.1:" + server.port()))), http, TOKEN, Duration.ofMillis(500), null, Map::of,
                nanos::get, Duration.ofSeconds(1));

        Map<String, Object> first = topology.recent();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(topology.recent()).isSameAs(first);
        assertThat(asked).hasValue(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(topology.recent()).isNotSameAs(first);
        assertThat(asked).hasValue(2);
    }
}
