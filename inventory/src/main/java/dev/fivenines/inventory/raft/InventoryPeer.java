package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ledger.LedgerCodec;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.StockLow;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.NetUtils;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One inventory replica: a Ratis server (gRPC) running the {@link LedgerStateMachine} on its own
 * storage directory, plus a ticker that, while this replica leads, submits an {@code Expire} so holds
 * expire even when nobody writes. Restarting a peer on the same directory recovers from its snapshot
 * and log. {@link #close()} stops both.
 */
public final class InventoryPeer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InventoryPeer.class.getName());

    private final InventoryGroup group;
    private final RaftPeerId id;
    private final RaftServer server;
    private final LedgerStateMachine stateMachine;
    private final RaftClient tickClient;
    private final ScheduledExecutorService ticker;

    private InventoryPeer(InventoryGroup group, String peerId, Path storageDir, RaftTuning tuning,
                          LongSupplier clockMillis, Consumer<StockLow> stockLowSink) throws IOException {
        this.group = group;
        this.id = RaftPeerId.valueOf(peerId);
        RaftPeer me = group.peer(peerId);
        Files.createDirectories(storageDir);
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setPort(properties, NetUtils.createSocketAddr(me.getAddress()).getPort());
        RaftServerConfigKeys.setStorageDir(properties, List.of(storageDir.toFile()));
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
        tuning.applyTo(properties);
        this.stateMachine = new LedgerStateMachine(clockMillis, stockLowSink);
        boolean fresh = isEmpty(storageDir);
        this.server = RaftServer.newBuilder()
                .setServerId(id)
                .setGroup(group.raftGroup())
                .setProperties(properties)
                .setStateMachine(stateMachine)
                .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        // Ticks are sent only while this replica leads, so they go to itself first.
        this.tickClient = RaftInventoryClient.newRaftClient(group,
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(3, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)), id);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "inventory-expiry-" + peerId);
            thread.setDaemon(true);
            return thread;
        });
        long tickMillis = tuning.expiryTick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts replica {@code peerId} of {@code group}, storing its log and snapshots in {@code storageDir}
     * (formatted if empty, recovered otherwise).
     */
    public static InventoryPeer start(InventoryGroup group, String peerId, Path storageDir, RaftTuning tuning,
                                      LongSupplier clockMillis, Consumer<StockLow> stockLowSink) {
        Objects.requireNonNull(clockMillis, "clockMillis");
        try {
            return new InventoryPeer(group, peerId, storageDir, tuning, clockMillis, stockLowSink);
        } catch (IOException e) {
            throw new UncheckedIOException("inventory peer " + peerId + " of group " + group.name() + " failed to start", e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private void tick() {
        try {
            if (!isLeader()) {
                return;
            }
            byte[] batch = LedgerCodec.encodeCommands(List.of(new LedgerCommand.Expire()));
            tickClient.async().send(Message.valueOf(ByteString.copyFrom(batch)))
                    .orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((reply, error) -> {
                        if (error != null) {
                            LOG.log(Level.FINE, "expiry tick of " + id + " did not complete; the next tick retries", error);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "expiry tick of " + id + " failed; the next tick retries", e);
        }
    }

    public boolean isLeader() {
        try {
            return server.getDivision(group.groupId()).getInfo().isLeader();
        } catch (IOException e) {
            throw new UncheckedIOException("division of group " + group.name() + " on " + id + " is gone", e);
        }
    }

    /** The leader this replica currently follows (or itself), if it knows one. */
    public java.util.Optional<String> leaderId() {
        try {
            return java.util.Optional.ofNullable(server.getDivision(group.groupId()).getInfo().getLeaderId()).map(Object::toString);
        } catch (IOException e) {
            throw new UncheckedIOException("division of group " + group.name() + " on " + id + " is gone", e);
        }
    }

    public String id() {
        return id.toString();
    }

    public LedgerStateMachine stateMachine() {
        return stateMachine;
    }

    /** Asks this replica to hand leadership to {@code peerId}, waiting at most {@code timeoutMillis}. */
    public boolean transferLeadership(String peerId, long timeoutMillis) {
        try (RaftClient admin = RaftInventoryClient.newRaftClient(group, RetryPolicies.noRetry())) {
            return admin.admin().transferLeadership(RaftPeerId.valueOf(peerId), timeoutMillis).isSuccess();
        } catch (IOException e) {
            throw new UncheckedIOException("leadership transfer to " + peerId + " failed", e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            tickClient.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the expiry client of " + id + " failed", e);
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing inventory peer " + id + " failed", e);
        }
    }
}
