package dev.fivenines.node.roles;

import dev.fivenines.base.Closer;
import dev.fivenines.base.Problem;
import dev.fivenines.commerce.payloads.StockLowEvent;
import dev.fivenines.events.DirectPublisher;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.inventory.ledger.StockLow;
import dev.fivenines.base.ProblemException;
import dev.fivenines.inventory.raft.ConsistentHashRing;
import dev.fivenines.inventory.raft.DivisionWatchdog;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeer;
import dev.fivenines.inventory.raft.RaftInventoryClient;
import dev.fivenines.inventory.raft.RaftTls;
import dev.fivenines.inventory.raft.ShardedInventoryClient;
import dev.fivenines.inventory.raft.RaftTuning;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;
import dev.fivenines.web.server.Meters;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One process of the Raft stock ledger. Instance k of role {@code inventory} is peer {@code ik} of
 * every ledger group ({@code inventory.groups} of them; SKUs are spread over them by
 * {@link ShardedInventoryClient}'s consistent-hash ring). One Ratis server per process hosts all its
 * replicas on one Raft (gRPC) port, its HTTP port + {@value #RAFT_PORT_OFFSET}; the logs and
 * snapshots live in {@code <state>/inventory/ik}, so a restarted instance recovers from disk. The
 * HTTP side only serves health and the token-protected admin view; checkout talks Raft through
 * {@link #client}.
 */
public final class InventoryRole implements Role {
    public static final String NAME = "inventory";
    public static final int RAFT_PORT_OFFSET = 100;
    /** Exit status of a replica that found one of its Raft divisions closed (DivisionWatchdog). */
    public static final int EXIT_DIVISION_CLOSED = 75;
    /** Points per group on the SKU ring, as in ShardedInventoryClient. */
    static final int RING_POINTS_PER_GROUP = 128;
    private static final Logger LOG = Logger.getLogger(InventoryRole.class.getName());

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The ledger groups of this topology, each over every instance of the role at its
     * {@code inventory.raftHosts} host (loopback by default), with {@code inventory.raftTls} if set. One group
     * keeps the pre-sharding name "inventory" (same Raft group id, so the same storage). With several,
     * group k is "inventory-k" and prefers instance ((k-1) mod instances)+1 as leader.
     */
    public static List<InventoryGroup> groups(ClusterConfig config) {
        int instances = config.instances(NAME);
        if (instances < 1) {
            throw new dev.fivenines.base.ConfigException("role '" + NAME + "' needs at least 1 instance (3 for fault tolerance)");
        }
        Map<String, String> peers = new LinkedHashMap<>();
        for (int k = 1; k <= instances; k++) {
            peers.put(peerId(k), config.inventory().raftHost(k) + ":" + (config.port(NAME, k) + RAFT_PORT_OFFSET));
        }
        ClusterConfig.RaftTlsFiles files = config.inventory().raftTls();
        RaftTls tls = files == null ? null
                : new RaftTls(Path.of(files.privateKeyFile()), Path.of(files.certChainFile()), Path.of(files.trustedCertsFile()));
        int count = config.inventory().groups();
        if (count == 1) {
            return List.of(new InventoryGroup(NAME, peers).withTls(tls));
        }
        List<InventoryGroup> groups = new ArrayList<>();
        for (int g = 1; g <= count; g++) {
            groups.add(new InventoryGroup(NAME + "-" + g, peers, peerId((g - 1) % instances + 1), tls));
        }
        return List.copyOf(groups);
    }

    /**
     * The configuration to run an existing ledger with: the Raft groups its storage under
     * {@code stateRoot} was made with win over {@code inventory.groups}, since changing the count would
     * move SKUs between groups without their stock. A ledger not made yet takes the configured count.
     * Storage that matches no count of ours is left to the replicas to refuse, with their own message.
     */
    public static ClusterConfig keepRecordedGroups(ClusterConfig config, Path stateRoot) throws java.io.IOException {
        for (int k = 1; k <= config.instances(NAME); k++) {
            var recorded = InventoryPeer.recordedGroups(stateRoot.resolve(NAME).resolve(peerId(k)));
            if (recorded.isEmpty()) {
                continue;
            }
            int count = recorded.get().size();
            if (count == config.inventory().groups() || count < 1 || count > ClusterConfig.Inventory.MAX_GROUPS) {
                return config;
            }
            ClusterConfig kept = config.withInventoryGroups(count);
            List<String> names = groups(kept).stream().map(InventoryGroup::name).sorted().toList();
            if (!names.equals(recorded.get().stream().sorted().toList())) {
                return config;
            }
            LOG.warning("inventory.groups is " + config.inventory().groups() + " but the ledger in " + stateRoot.resolve(NAME)
                    + " was made with " + count + " groups " + names + "; it keeps them (a new state directory takes the configured count)");
            return kept;
        }
        return config;
    }

    public static String peerId(int instance) {
        return "i" + instance;
    }

    /** A checkout-side client over every ledger group of this topology; the caller closes it. */
    public static ShardedInventoryClient client(RoleContext ctx) {
        return client(ctx.config(), ctx.clock());
    }

    public static ShardedInventoryClient client(ClusterConfig config, Clock clock) {
        Map<String, RaftInventoryClient> byName = new LinkedHashMap<>();
        try {
            for (InventoryGroup group : groups(config)) {
                byName.put(group.name(), RaftInventoryClient.connect(group, RaftInventoryClient.Settings.DEFAULT, clock));
            }
        } catch (RuntimeException e) {
            byName.values().forEach(RaftInventoryClient::close);
            throw e;
        }
        return new ShardedInventoryClient(byName);
    }

    /**
     * StockLow goes to Kafka for replenishment. Its id is derived from (sku, episode), so the same
     * episode published again (by a new leader, or by the periodic re-announcement) is deduplicated by
     * the consumers.
     */
    private static void publishStockLow(DirectPublisher publisher, StockLow low, RoleContext ctx) {
        LOG.info(() -> "StockLow " + low);
        UUID eventId = UUID.nameUUIDFromBytes(("stock-low:" + low.sku() + ":" + low.episode()).getBytes(StandardCharsets.UTF_8));
        publisher.publish(eventId, new OutgoingEvent(Topics.INVENTORY, low.sku(), EventTypes.STOCK_LOW, low.sku(),
                StockLowEvent.SCHEMA_VERSION, new StockLowEvent(low.sku(), low.episode(), low.availableUnits(),
                low.safetyStock(), low.reorderQty(), ctx.clock().instant())));
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        // Configuration is refused before any Raft storage is made: a replica that formats its groups and
        // then exits before their first election recovers them with no members and never elects.
        AdminToken token = new AdminToken(ctx.adminToken());
        Closer closer = new Closer();
        List<InventoryGroup> groups = groups(ctx.config());
        String id = peerId(ctx.instance());
        DirectPublisher publisher = closer.add(new DirectPublisher(EventWiring.kafka(ctx), "/fivenines/inventory", ctx.clock()));
        RaftTuning tuning = RaftTuning.DEFAULT.withStockLowReannounce(
                Duration.ofSeconds(ctx.config().inventory().stockLowReannounceSeconds()));
        InventoryPeer peer = closer.add(InventoryPeer.start(groups, id, ctx.state().root().resolve(NAME).resolve(id),
                tuning, ctx.clock()::millis, low -> publishStockLow(publisher, low, ctx)));
        closer.add(DivisionWatchdog.start(peer, ctx.clock()::millis, closed -> exitForRestart()));
        RaftMeters.register(io.helidon.metrics.api.Metrics.globalRegistry(), peer);
        server.routes(routing -> routing
                .get("/admin/inventory", (req, res) -> {
                    token.require(req);
                    Map<String, Object> body = view(peer, id);
                    req.query().first("sku").ifPresent(sku -> body.put("skuGroup", Map.of("sku", sku, "group", groupOf(groups, sku))));
                    Http.json(res, 200, body);
                })
                .post("/admin/inventory/transfer-leadership", (req, res) -> {
                    token.require(req);
                    InventoryGroup group = groupParameter(groups, req.query().first("group").orElse(null));
                    String to = req.query().first("to").orElseThrow(() -> new ProblemException(Problem.of(400,
                            "missing-parameter", "Missing parameter", "query parameter 'to' (a peer id such as i2) is required")));
                    if (!group.peerAddresses().containsKey(to)) {
                        throw new ProblemException(Problem.of(400, "unknown-peer", "Unknown peer",
                                "'" + to + "' is not one of " + group.peerAddresses().keySet()));
                    }
                    boolean transferred;
                    try {
                        transferred = peer.transferLeadership(group.name(), to, 5_000);
                    } catch (java.io.UncheckedIOException e) {
                        throw new ProblemException(Problem.of(503, "transfer-failed", "Leadership transfer failed",
                                "transfer of " + group.name() + " to " + to + " failed: " + e.getCause().getMessage()));
                    }
                    Http.json(res, 200, Map.of("group", group.name(), "to", to, "transferred", transferred));
                }));
        registerMeters(peer);
        server.readiness("raft-leader-known", () -> groups.stream().allMatch(g -> peer.leaderId(g.name()).isPresent()));
        return closer;
    }

    /**
     * A replica whose division closed recovers only in a new process: exit (the shutdown hook closes
     * the server and the peer) and let the supervisor restart it; halt if closing hangs on the broken division.
     */
    private static void exitForRestart() {
        Thread.ofPlatform().name("inventory-exit").start(() -> System.exit(EXIT_DIVISION_CLOSED));
        Thread.ofPlatform().daemon().name("inventory-halt").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(EXIT_DIVISION_CLOSED);
        });
    }

    /**
     * The leader's background duties on {@code /metrics}: a tick failure count that keeps rising, or
     * an applied index that stands still on a group's leader, says holds of idle groups stopped expiring.
     */
    private static void registerMeters(InventoryPeer peer) {
        Meters meters = new Meters(Metrics.globalRegistry());
        meters.counter("fivenines.inventory.ticks", "expiry ticks submitted while leading", peer,
                InventoryPeer::ticksSubmitted, List.of());
        meters.counter("fivenines.inventory.tick.failures", "expiry ticks that failed (the loop backs off, bounded, and goes on)",
                peer, InventoryPeer::tickFailures, List.of());
        meters.counter("fivenines.inventory.stocklow.announce.failures",
                "StockLow re-announcements that failed or were skipped (the next period retries)", peer,
                InventoryPeer::announcementFailures, List.of());
        for (InventoryGroup group : peer.groups()) {
            meters.gauge("fivenines.inventory.applied.index", "last Raft index this replica applied", peer,
                    p -> p.stateMachine(group.name()).appliedIndex(), List.of(Tag.create("group", group.name())));
        }
    }

    /**
     * What {@code GET /admin/inventory} shows: this peer and, per hosted group, its leader, progress and
     * the number of open low-stock episodes (what the leader re-announces) as this replica has applied them.
     */
    public static Map<String, Object> view(InventoryPeer peer, String id) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (InventoryGroup group : peer.groups()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", group.name());
            g.put("leader", peer.leaderId(group.name()).orElse(null));
            g.put("isLeader", peer.isLeader(group.name()));
            g.put("appliedIndex", peer.stateMachine(group.name()).appliedIndex());
            g.put("openLowEpisodes", peer.stateMachine(group.name()).openLowEpisodes().size());
            g.put("preferredLeader", group.preferredLeader());
            g.put("peers", group.peerAddresses());
            groups.add(g);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("peer", id);
        body.put("groups", groups);
        return body;
    }

    /**
     * The group that owns {@code sku}: the same ring as {@link ShardedInventoryClient} (group names,
     * {@value #RING_POINTS_PER_GROUP} points each; a test holds the two together), for operators and
     * tests that need to find the leader a SKU's writes go to.
     */
    public static String groupOf(List<InventoryGroup> groups, String sku) {
        return new ConsistentHashRing(groups.stream().map(InventoryGroup::name).toList(), RING_POINTS_PER_GROUP).shardOf(sku);
    }

    /** The group a leadership transfer names; with one group the parameter may be left out. */
    static InventoryGroup groupParameter(List<InventoryGroup> groups, String name) {
        if (name == null || name.isBlank()) {
            if (groups.size() == 1) {
                return groups.getFirst();
            }
            throw new ProblemException(Problem.of(400, "missing-parameter", "Missing parameter",
                    "query parameter 'group' is required: this ledger has groups "
                            + groups.stream().map(InventoryGroup::name).toList()));
        }
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() -> new ProblemException(
                Problem.of(400, "unknown-group", "Unknown group", "'" + name + "' is not one of "
                        + groups.stream().map(InventoryGroup::name).toList())));
    }
}
