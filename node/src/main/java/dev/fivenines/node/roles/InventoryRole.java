package dev.fivenines.node.roles;

import dev.fivenines.base.Problem;
import dev.fivenines.commerce.events.StockLowEvent;
import dev.fivenines.events.DirectPublisher;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.inventory.ledger.StockLow;
import dev.fivenines.base.ProblemException;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeer;
import dev.fivenines.inventory.raft.RaftInventoryClient;
import dev.fivenines.inventory.raft.RaftTuning;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.server.NodeServer;
import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One replica of the Raft stock ledger. Instance k of role {@code inventory} is peer {@code ik}; its
 * Raft (gRPC) port is its HTTP port + {@value #RAFT_PORT_OFFSET}; its log and snapshots live in
 * {@code <state>/inventory/ik}, so a restarted instance recovers from disk. The HTTP side only
 * serves health and the token-protected admin view; checkout talks Raft through
 * {@link RaftInventoryClient} ({@link #client}).
 */
public final class InventoryRole implements Role {
    public static final String NAME = "inventory";
    public static final int RAFT_PORT_OFFSET = 100;
    private static final Logger LOG = Logger.getLogger(InventoryRole.class.getName());

    @Override
    public String name() {
        return NAME;
    }

    /** The inventory group of this topology: every instance of the role, on loopback. */
    public static InventoryGroup group(ClusterConfig config) {
        int instances = config.instances(NAME);
        if (instances < 1) {
            throw new dev.fivenines.base.ConfigException("role '" + NAME + "' needs at least 1 instance (3 for fault tolerance)");
        }
        Map<String, String> peers = new LinkedHashMap<>();
        for (int k = 1; k <= instances; k++) {
            peers.put(peerId(k), "127.0.0.1:" + (config.port(NAME, k) + RAFT_PORT_OFFSET));
        }
        return new InventoryGroup(NAME, peers);
    }

    public static String peerId(int instance) {
        return "i" + instance;
    }

    /** A checkout-side client of this topology's ledger; the caller closes it. */
    public static RaftInventoryClient client(RoleContext ctx) {
        return RaftInventoryClient.connect(group(ctx.config()), RaftInventoryClient.Settings.DEFAULT, ctx.clock());
    }

    /**
     * StockLow goes to Kafka for replenishment. Its id is derived from (sku, episode), so the same
     * episode published again by a new leader is deduplicated by the consumers.
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
        Closer closer = new Closer();
        InventoryGroup group = group(ctx.config());
        String id = peerId(ctx.instance());
        DirectPublisher publisher = closer.add(new DirectPublisher(EventWiring.kafka(ctx), "/fivenines/inventory", ctx.clock()));
        InventoryPeer peer = closer.add(InventoryPeer.start(group, id, ctx.state().root().resolve(NAME).resolve(id),
                RaftTuning.DEFAULT, ctx.clock()::millis, low -> publishStockLow(publisher, low, ctx)));
        AdminToken token = new AdminToken(ctx.adminToken());
        server.routes(routing -> routing
                .get("/admin/inventory", (req, res) -> {
                    token.require(req);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("group", group.name());
                    body.put("peer", id);
                    body.put("leader", peer.leaderId().orElse(null));
                    body.put("isLeader", peer.isLeader());
                    body.put("appliedIndex", peer.stateMachine().appliedIndex());
                    body.put("peers", group.peerAddresses());
                    Http.json(res, 200, body);
                })
                .post("/admin/inventory/transfer-leadership", (req, res) -> {
                    token.require(req);
                    String to = req.query().first("to").orElseThrow(() -> new ProblemException(Problem.of(400,
                            "missing-parameter", "Missing parameter", "query parameter 'to' (a peer id such as i2) is required")));
                    if (!group.peerAddresses().containsKey(to)) {
                        throw new ProblemException(Problem.of(400, "unknown-peer", "Unknown peer",
                                "'" + to + "' is not one of " + group.peerAddresses().keySet()));
                    }
                    boolean transferred;
                    try {
                        transferred = peer.transferLeadership(to, 5_000);
                    } catch (java.io.UncheckedIOException e) {
                        throw new ProblemException(Problem.of(503, "transfer-failed", "Leadership transfer failed",
                                "transfer to " + to + " failed: " + e.getCause().getMessage()));
                    }
                    Http.json(res, 200, Map.of("to", to, "transferred", transferred));
                }));
        server.readiness("raft-leader-known", () -> peer.leaderId().isPresent());
        return closer;
    }
}
