package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.ledger.StockLow;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.NetUtils;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One inventory process's replicas: a single Ratis server (one gRPC port) hosting one
 * {@link LedgerStateMachine} per {@link InventoryGroup} (Ratis multi-group), all on one storage
 * directory. For each group it leads, {@link LeaderDuties} submits an {@code Expire} so holds expire even when
 * nobody writes, and re-announces the group's open low episodes to the StockLow sink as soon as it is
 * leader (and ready: everything committed before its term is applied) and every
 * {@link RaftTuning#stockLowReannounce()} after, so a StockLow lost between apply and publication
 * still gets out. Restarting on the same directory recovers every group from its snapshot and log.
 * {@link #close()} stops it all.
 *
 * <p>The storage directory remembers which groups it was made for: starting it with other groups
 * (a changed {@code inventory.groups}) fails, because SKUs would move between groups without their stock.
 */
public final class InventoryPeer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InventoryPeer.class.getName());
    /** Lists the group names the storage directory was formatted for; Ratis ignores plain files there. */
    static final String GROUPS_FILE = "fivenines-inventory-groups";

    private record Hosted(InventoryGroup group, LedgerStateMachine stateMachine) {
    }

    private final RaftPeerId id;
    private final RaftServer server;
    private final Map<String, Hosted> hosted = new LinkedHashMap<>();
    private final LeaderDuties duties;

    private InventoryPeer(List<InventoryGroup> groups, String peerId, Path storageDir, RaftTuning tuning,
                          LongSupplier clockMillis, Consumer<StockLow> stockLowSink) throws IOException {
        this.id = RaftPeerId.valueOf(peerId);
        Objects.requireNonNull(stockLowSink, "stockLowSink");
        String address = checkGroups(groups, peerId);
        Files.createDirectories(storageDir);
        checkStorage(storageDir, groups);
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        // Bind to the host of this peer's own address (loopback in the local cluster), never to every
        // interface: Ratis listens on 0.0.0.0 unless told, and the port then took Raft traffic from anywhere.
        var bind = NetUtils.createSocketAddr(address);
        GrpcConfigKeys.Server.setHost(properties, bind.getHostString());
        GrpcConfigKeys.Server.setPort(properties, bind.getPort());
        RaftServerConfigKeys.setStorageDir(properties, List.of(storageDir.toFile()));
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
        tuning.applyTo(properties);
        Map<RaftGroupId, LedgerStateMachine> machines = new LinkedHashMap<>();
        for (InventoryGroup group : groups) {
            machines.put(group.groupId(), new LedgerStateMachine(clockMillis, stockLowSink));
        }
        // No group at build time: Ratis recovers every group directory it finds (checked above to be
        // ours); the groups not formatted yet are added after start.
        this.server = RaftServer.newBuilder()
                .setServerId(id)
                .setProperties(properties)
                .setParameters(groups.getFirst().parameters())
                .setStateMachineRegistry(groupId -> Objects.requireNonNull(machines.get(groupId),
                        () -> "no state machine for Raft group " + groupId + " on " + peerId))
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        try {
            Set<RaftGroupId> recovered = new HashSet<>();
            server.getGroupIds().forEach(recovered::add);
            for (InventoryGroup group : groups) {
                if (!recovered.contains(group.groupId())) {
                    addGroup(group);
                }
                hosted.put(group.name(), new Hosted(group, machines.get(group.groupId())));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        Map<InventoryGroup, LedgerStateMachine> led = new LinkedHashMap<>();
        hosted.values().forEach(h -> led.put(h.group(), h.stateMachine()));
        this.duties = new LeaderDuties(id, server, led, g -> info(g.name()), tuning, clockMillis, stockLowSink);
    }

    /**
     * Starts replica {@code peerId} of {@code group}, storing its log and snapshots in {@code storageDir}
     * (formatted if empty, recovered otherwise).
     */
    public static InventoryPeer start(InventoryGroup group, String peerId, Path storageDir, RaftTuning tuning,
                                      LongSupplier clockMillis, Consumer<StockLow> stockLowSink) {
        return start(List.of(group), peerId, storageDir, tuning, clockMillis, stockLowSink);
    }

    /**
     * Starts replica {@code peerId} of every group in {@code groups} on one Ratis server. Each group must
     * list {@code peerId} at the same address (the server's one port).
     */
    public static InventoryPeer start(List<InventoryGroup> groups, String peerId, Path storageDir, RaftTuning tuning,
                                      LongSupplier clockMillis, Consumer<StockLow> stockLowSink) {
        Objects.requireNonNull(clockMillis, "clockMillis");
        try {
            return new InventoryPeer(List.copyOf(groups), peerId, storageDir, tuning, clockMillis, stockLowSink);
        } catch (IOException e) {
            throw new UncheckedIOException("inventory peer " + peerId + " of groups "
                    + groups.stream().map(InventoryGroup::name).toList() + " failed to start", e);
        }
    }

    /** Returns this peer's address, the same in every group. */
    private static String checkGroups(List<InventoryGroup> groups, String peerId) {
        Check.argument(!groups.isEmpty(), "an inventory peer needs at least one group");
        Set<String> names = new HashSet<>();
        String address = null;
        for (InventoryGroup group : groups) {
            Check.argument(names.add(group.name()), "inventory group %s is listed twice", group.name());
            String mine = group.peer(peerId).getAddress();
            Check.argument(address == null || address.equals(mine),
                    "peer %s has address %s in group %s but %s in another: one server serves every group", peerId, mine,
                    group.name(), address);
            address = mine;
            Check.argument(Objects.equals(group.tls(), groups.getFirst().tls()),
                    "group %s has other Raft TLS settings than group %s: one server serves every group", group.name(),
                    groups.getFirst().name());
        }
        return address;
    }

    /** Refuses a storage directory made for other groups (see the class comment), then records ours. */
    static void checkStorage(Path dir, List<InventoryGroup> groups) throws IOException {
        Map<String, String> configured = new LinkedHashMap<>();
        groups.forEach(g -> configured.put(g.groupId().getUuid().toString(), g.name()));
        List<String> strangers = new ArrayList<>();
        try (var entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(InventoryPeer::isUuid).filter(uuid -> !configured.containsKey(uuid)).forEach(strangers::add);
        }
        List<String> names = groups.stream().map(InventoryGroup::name).sorted().toList();
        Optional<List<String>> recorded = recordedGroups(dir);
        if (!strangers.isEmpty() || (recorded.isPresent() && !recorded.get().equals(names))) {
            throw new IllegalStateException("inventory storage " + dir + " was made for other Raft groups ("
                    + (recorded.isPresent() ? String.join(",", recorded.get()) : "group ids " + strangers)
                    + ") than the configured " + configured.values() + " (was inventory.groups changed?): SKUs would move "
                    + "between groups without their stock. Set it back, or stop the cluster and delete the state directory.");
        }
        if (recorded.isEmpty()) {
            Files.writeString(dir.resolve(GROUPS_FILE), names.stream().collect(Collectors.joining("\n", "", "\n")));
        }
    }

    /**
     * The names of the groups the storage directory {@code dir} was made for, sorted, as it recorded them
     * on its first start; empty when it holds no ledger yet.
     */
    public static Optional<List<String>> recordedGroups(Path dir) throws IOException {
        Path marker = dir.resolve(GROUPS_FILE);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(marker).lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    private static boolean isUuid(String name) {
        try {
            UUID.fromString(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Start-up failed half-way: stop what started, keeping the first error. */
    private void closeQuietly(Exception cause) {
        try {
            server.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void addGroup(InventoryGroup group) throws IOException {
        RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(), id, 0,
                group.raftGroup(), true));
        if (!reply.isSuccess()) {
            throw new IOException("adding Raft group " + group.name() + " to " + id + " failed", reply.getException());
        }
    }

    /**
     * The hosted groups whose division is closed or gone while this process lives on. Ratis closes a
     * division on some internal errors (a follower's append racing a restart) and never reopens it, so
     * only a restart of the process recovers it: {@link DivisionWatchdog} acts on this.
     */
    public Set<String> closedGroups() {
        Set<String> closed = new java.util.TreeSet<>();
        for (Hosted h : hosted.values()) {
            try {
                var state = server.getDivision(h.group().groupId()).getInfo().getLifeCycleState();
                if (state.isClosingOrClosed() || state == org.apache.ratis.util.LifeCycle.State.EXCEPTION) {
                    closed.add(h.group().name());
                }
            } catch (IOException e) {
                closed.add(h.group().name());
            }
        }
        return closed;
    }

    /** The Ratis server itself, for tests in this package that break a division. */
    RaftServer server() {
        return server;
    }

    /** Whether this replica leads {@code group} and has finished announcing its open episodes in this term. */
    boolean announcedAsLeader(String group) {
        return duties.announcedAsLeader(hosted(group).group());
    }

    /**
     * Expiry ticks handed to the Raft server while leading, and failures of the leader's background
     * duties (ticks, StockLow re-announcements), since start: for the node's metrics.
     */
    public long ticksSubmitted() {
        return duties.stats().ticksSubmitted();
    }

    public long tickFailures() {
        return duties.stats().tickFailures();
    }

    public long announcementFailures() {
        return duties.stats().announcementFailures();
    }

    private DivisionInfo info(String group) {
        try {
            return server.getDivision(hosted(group).group().groupId()).getInfo();
        } catch (IOException e) {
            throw new UncheckedIOException("division of group " + group + " on " + id + " is gone", e);
        }
    }

    private Hosted hosted(String group) {
        Hosted h = hosted.get(group);
        Check.argument(h != null, "inventory group %s is not hosted by %s (hosted: %s)", group, id, hosted.keySet());
        return h;
    }

    /** The only group's name; callers of the one-group accessors below use this. */
    private String only() {
        Check.state(hosted.size() == 1, "peer %s hosts groups %s: name the group", id, hosted.keySet());
        return hosted.keySet().iterator().next();
    }

    /** The hosted groups, in the order given at start. */
    public List<InventoryGroup> groups() {
        return hosted.values().stream().map(Hosted::group).toList();
    }

    public boolean isLeader() {
        return isLeader(only());
    }

    public boolean isLeader(String group) {
        return info(group).isLeader();
    }

    /** The leader this replica currently follows (or itself), if it knows one. */
    public Optional<String> leaderId() {
        return leaderId(only());
    }

    public Optional<String> leaderId(String group) {
        return Optional.ofNullable(info(group).getLeaderId()).map(Object::toString);
    }

    public String id() {
        return id.toString();
    }

    /** This replica's term, role, commit and apply progress in {@code group}, and on the leader its slowest follower's lag. */
    public RaftProgress progress(String group) {
        Hosted h = hosted(group);
        RaftServer.Division division;
        try {
            division = server.getDivision(h.group().groupId());
        } catch (IOException e) {
            throw new UncheckedIOException("division of group " + group + " on " + id + " is gone", e);
        }
        DivisionInfo info = division.getInfo();
        long commit = division.getRaftLog().getLastCommittedIndex();
        long followerLag = 0;
        if (info.isLeader()) {
            for (long match : info.getFollowerMatchIndices()) {
                followerLag = Math.max(followerLag, commit - match);
            }
        }
        return new RaftProgress(info.getCurrentTerm(), info.isLeader(), h.stateMachine().leaderChanges(), commit,
                h.stateMachine().appliedIndex(), followerLag);
    }

    public LedgerStateMachine stateMachine() {
        return stateMachine(only());
    }

    public LedgerStateMachine stateMachine(String group) {
        return hosted(group).stateMachine();
    }

    /** Asks this replica to hand leadership to {@code peerId}, waiting at most {@code timeoutMillis}. */
    public boolean transferLeadership(String peerId, long timeoutMillis) {
        return transferLeadership(only(), peerId, timeoutMillis);
    }

    /**
     * In a group with a preferred leader (a peer with a higher priority), the target is first made the
     * preferred one: otherwise the old leader would win leadership back as soon as it is caught up.
     * That choice is kept in the group's configuration, so the target stays leader.
     */
    public boolean transferLeadership(String group, String peerId, long timeoutMillis) {
        Hosted h = hosted(group);
        // Sent where this replica believes the leader is: without the hint the no-retry request went to
        // the first peer listed and failed NotLeader whenever that one did not lead.
        try (RaftClient admin = RaftInventoryClient.newRaftClient(h.group(), RetryPolicies.noRetry(), info(group).getLeaderId())) {
            var current = server.getDivision(h.group().groupId()).getRaftConf().getCurrentPeers();
            if (current.stream().anyMatch(p -> p.getPriority() > 0)) {
                List<RaftPeer> reprioritized = current.stream().map(p -> RaftPeer.newBuilder(p)
                        .setPriority(p.getId().toString().equals(peerId) ? 1 : 0).build()).toList();
                // A configuration change is safe to repeat, unlike the transfer below: retry it.
                try (RaftClient reconfigure = RaftInventoryClient.newRaftClient(h.group(),
                        RetryPolicies.retryUpToMaximumCountWithFixedSleep(20, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))) {
                    RaftClientReply changed = reconfigure.admin().setConfiguration(reprioritized);
                    if (!changed.isSuccess()) {
                        LOG.log(Level.WARNING, "making " + peerId + " the preferred leader of " + group + " failed", changed.getException());
                        return false;
                    }
                }
            }
            return admin.admin().transferLeadership(RaftPeerId.valueOf(peerId), timeoutMillis).isSuccess();
        } catch (IOException e) {
            throw new UncheckedIOException("leadership transfer of group " + group + " to " + peerId + " failed", e);
        }
    }

    @Override
    public void close() {
        duties.close();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing inventory peer " + id + " failed", e);
        }
    }
}
