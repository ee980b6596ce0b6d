package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ledger.LedgerCodec;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.LedgerQueries;
import dev.fivenines.inventory.ledger.LedgerReply;
import dev.fivenines.inventory.ledger.LedgerSnapshot;
import dev.fivenines.inventory.ledger.Outcome;
import dev.fivenines.inventory.ledger.StockLedger;
import dev.fivenines.inventory.ledger.StockLow;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link StockLedger} as a Ratis state machine. One log entry carries a batch of commands and
 * the leader's clock reading, written into the entry when the leader accepts it
 * ({@link #startTransaction}); every replica applies the batch at that stamp, so expiry happens at
 * the same log position everywhere. The reply of an entry is the list of the commands' replies, in
 * order. Reads ({@link #query}) are served under Ratis' linearizable ReadIndex.
 *
 * <p>{@link StockLow} events go to the sink only on the leader; a leader change between apply and
 * publication can lose one here, so the peer's leader re-announces {@link #openLowEpisodes} when it
 * takes over and periodically (see {@link InventoryPeer}).
 */
public final class LedgerStateMachine extends BaseStateMachine {
    private static final Logger LOG = Logger.getLogger(LedgerStateMachine.class.getName());

    /**
     * Exposes the storage's temporary snapshot name, so a snapshot appears under its real name only when
     * complete, and remembers what the last scan of the directory found: Ratis rescans it on every
     * {@code getLatestSnapshot()} while there is no snapshot, and a leader's appenders ask on every loop
     * (6% of an idle replica's CPU). A snapshot appears only through {@link #takeSnapshot} (which updates
     * it) or an install from the leader (followed by {@link #reinitialize}, which rescans).
     */
    static final class Storage extends SimpleStateMachineStorage {
        private volatile boolean scanned;
        private volatile SingleFileSnapshotInfo latest;

        File temporary(long term, long index) {
            return getTmpSnapshotFile(term, index);
        }

        @Override
        public void init(RaftStorage raftStorage) throws IOException {
            scanned = false;
            super.init(raftStorage);
        }

        @Override
        public SingleFileSnapshotInfo updateLatestSnapshot(SingleFileSnapshotInfo info) {
            SingleFileSnapshotInfo newest = super.updateLatestSnapshot(info);
            latest = newest;
            return newest;
        }

        @Override
        public SingleFileSnapshotInfo loadLatestSnapshot() {
            SingleFileSnapshotInfo found = super.loadLatestSnapshot();
            scanned = true;
            return found;
        }

        @Override
        public SingleFileSnapshotInfo getLatestSnapshot() {
            return scanned ? latest : loadLatestSnapshot();
        }
    }

    private final Storage storage = new Storage();
    private final LongSupplier leaderClockMillis;
    private final Consumer<StockLow> stockLowSink;
    private final LongSupplier nanoClock;
    private StockLedger ledger = new StockLedger();
    private final AtomicLong leaderChanges = new AtomicLong();
    /** Leader stamp of the last applied entry (guarded by this); 0 before the first apply. */
    private long lastAppliedStampMillis;

    /**
     * @param leaderClockMillis the clock this replica stamps entries with while it is leader
     * @param stockLowSink      receives StockLow events applied while this replica leads
     */
    public LedgerStateMachine(LongSupplier leaderClockMillis, Consumer<StockLow> stockLowSink) {
        this(leaderClockMillis, stockLowSink, System::nanoTime);
    }

    /** @param nanoClock monotonic clock that times how long a bounded read waited for its apply */
    public LedgerStateMachine(LongSupplier leaderClockMillis, Consumer<StockLow> stockLowSink, LongSupplier nanoClock) {
        this.leaderClockMillis = Objects.requireNonNull(leaderClockMillis, "leaderClockMillis");
        this.stockLowSink = Objects.requireNonNull(stockLowSink, "stockLowSink");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        load(storage.getLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.NEW) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /** Ratis pauses the machine before installing a snapshot from the leader, then reinitializes it. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        // Rescan: the snapshot the leader just installed is not the one cached at start-up.
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /** Runs on the leader only: refuses malformed batches before they reach the log, stamps the rest. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        byte[] batch = request.getMessage().getContent().toByteArray();
        try {
            LedgerCodec.decodeCommands(batch);
        } catch (IllegalArgumentException e) {
            throw new IOException("refused a malformed ledger batch of " + batch.length + " bytes: " + e.getMessage(), e);
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(ByteString.copyFrom(LedgerCodec.stamp(leaderClockMillis.getAsLong(), batch)))
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex termIndex = TermIndex.valueOf(entry);
        List<LedgerReply> replies = new ArrayList<>();
        List<StockLow> events = new ArrayList<>();
        try {
            // The leader validated the batch before logging it; a failure here is a bug, reported like one.
            LedgerCodec.StampedBatch batch = LedgerCodec.decodeEntry(entry.getStateMachineLogEntry().getLogData().toByteArray());
            synchronized (this) {
                for (LedgerCommand command : batch.commands()) {
                    Outcome outcome = ledger.apply(batch.stampMillis(), command);
                    replies.add(outcome.reply());
                    events.addAll(outcome.events());
                }
                lastAppliedStampMillis = Math.max(lastAppliedStampMillis, batch.stampMillis());
                updateLastAppliedTermIndex(termIndex);
            }
        } catch (RuntimeException e) {
            // An invariant broke: this replica's state is wrong; stop answering rather than sell from it.
            LOG.log(Level.SEVERE, "ledger apply failed at " + termIndex + "; replica state is suspect", e);
            return CompletableFuture.failedFuture(e);
        }
        if (trx.getServerRole() == RaftPeerRole.LEADER) {
            for (StockLow event : events) {
                try {
                    stockLowSink.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "StockLow sink failed; event lost: " + event, e);
                }
            }
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(LedgerCodec.encodeReplies(replies))));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            byte[] answer;
            synchronized (this) {
                answer = LedgerQueries.answer(ledger, request.getContent().toByteArray());
            }
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(answer)));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Ratis' stale read (no leader round trip). A bounded read question gets the availability with
     * this replica's staleness bound, or a refusal when the bound would exceed the caller's; other
     * questions are answered as before, at whatever this replica has applied.
     */
    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        byte[] bytes = request.getContent().toByteArray();
        if (!BoundedReadCodec.isBoundedQuestion(bytes)) {
            return super.queryStale(request, minIndex);
        }
        BoundedReadCodec.Question question;
        StalenessBound bound;
        ReplicaView view;
        try {
            question = BoundedReadCodec.decodeQuestion(bytes);
            long observedAt = nanoClock.getAsLong();
            view = ReplicaFreshnessProbe.observe(getServer().join().getDivision(getGroupId()));
            bound = StalenessBound.start(view, nanoClock, observedAt);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!bound.known()) {
            return answer(BoundedReadCodec.Status.UNKNOWN, -1, null);
        }
        long budget = Math.min(bound.waitBudgetMillis(question.maxStalenessMillis()), MAX_APPLY_WAIT_MILLIS);
        if (budget < 0) {
            return answer(BoundedReadCodec.Status.TOO_STALE, bound.nowMillis(), null);
        }
        // Wait (within the bound) until the commit index this replica knew of is applied, then read.
        return super.queryStale(Message.valueOf(ByteString.copyFrom(question.availabilityQuestion())),
                        Math.max(minIndex, view.targetIndex()))
                .orTimeout(Math.max(1, budget), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> {
                    if (error != null && !(unwrap(error) instanceof java.util.concurrent.TimeoutException)) {
                        throw new java.util.concurrent.CompletionException(unwrap(error));
                    }
                    // The data and the stamp of the last entry it includes, read together.
                    byte[] data;
                    long stamp;
                    synchronized (this) {
                        data = LedgerQueries.answer(ledger, question.availabilityQuestion());
                        stamp = lastAppliedStampMillis;
                    }
                    long staleness = bound.nowMillis();
                    if (view.role() == ReplicaView.Role.FOLLOWER) {
                        staleness = Math.max(staleness, stampStalenessMillis(stamp));
                    }
                    if (error != null || staleness > question.maxStalenessMillis()) {
                        return encode(BoundedReadCodec.Status.TOO_STALE, staleness, null);
                    }
                    return encode(BoundedReadCodec.Status.FRESH, staleness, data);
                });
    }

    /**
     * A second bound for a follower, from the ledger's own data: every write acknowledged before the
     * leader stamped the last applied entry has a lower index, so it is applied too. Needed because
     * the leader-contact bound alone lies right after a freeze (the contact is fresh, the known commit
     * index is not); assumes clocks that agree. See docs/decisions/007-follower-staleness-bound-from-stamps.md.
     */
    private long stampStalenessMillis(long stampMillis) {
        return stampMillis == 0 ? StalenessBound.UNKNOWN : Math.max(0, leaderClockMillis.getAsLong() - stampMillis);
    }

    /** A bounded read waits at most this long for its apply, whatever the caller's bound. */
    static final long MAX_APPLY_WAIT_MILLIS = 1_000;

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static CompletableFuture<Message> answer(BoundedReadCodec.Status status, long stalenessMillis, byte[] data) {
        return CompletableFuture.completedFuture(encode(status, stalenessMillis, data));
    }

    private static Message encode(BoundedReadCodec.Status status, long stalenessMillis, byte[] data) {
        return Message.valueOf(ByteString.copyFrom(BoundedReadCodec.encodeAnswer(new BoundedReadCodec.Answer(status, stalenessMillis, data))));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied;
        byte[] bytes;
        synchronized (this) {
            applied = getLastAppliedTermIndex();
            if (applied == null || applied.getIndex() < 0) {
                return RaftLog.INVALID_LOG_INDEX;
            }
            bytes = LedgerSnapshot.toBytes(ledger);
        }
        File file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        File temporary = storage.temporary(applied.getTerm(), applied.getIndex());
        Files.createDirectories(temporary.toPath().getParent());
        // A crash mid-write must not leave a truncated file under the snapshot's name: write, force, rename.
        try (var channel = java.nio.channels.FileChannel.open(temporary.toPath(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            var buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary.toPath(), file.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), applied));
        return applied.getIndex();
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        if (!Files.exists(path)) {
            throw new IOException("snapshot " + snapshot + " names a missing file " + path);
        }
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), snapshot.getFile().getFileDigest());
        }
        TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(path.toFile());
        StockLedger loaded;
        try (var in = new BufferedInputStream(Files.newInputStream(path))) {
            loaded = LedgerSnapshot.read(in);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IOException("snapshot " + path + " is unreadable: " + e.getMessage(), e);
        }
        synchronized (this) {
            ledger = loaded;
            updateLastAppliedTermIndex(last);
        }
        LOG.info(() -> "loaded ledger snapshot " + path.getFileName() + " with " + loaded.skuCount() + " skus");
    }

    /**
     * When the leader should next write a tick: when the earliest live hold expires, or {@code idleMillis}
     * after the last applied entry's stamp, whichever is first (at once before the first apply).
     */
    public synchronized long nextTickDueMillis(long idleMillis) {
        long idleDue = lastAppliedStampMillis > Long.MAX_VALUE - idleMillis ? Long.MAX_VALUE : lastAppliedStampMillis + idleMillis;
        return Math.min(ledger.nextExpiryMillis(), idleDue);
    }

    /** A copy of the ledger's state as bytes (for tests and the admin view); costs a full snapshot. */
    public synchronized byte[] snapshotBytes() {
        return LedgerSnapshot.toBytes(ledger);
    }

    /** The ledger's open low episodes at the applied index (see {@link StockLedger#openLowEpisodes}). */
    public synchronized List<StockLow> openLowEpisodes() {
        return ledger.openLowEpisodes();
    }

    public synchronized long appliedIndex() {
        TermIndex applied = getLastAppliedTermIndex();
        return applied == null ? -1 : applied.getIndex();
    }

    /** Ratis tells every replica when the group's leader changes (this one or another); counted for /metrics. */
    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        leaderChanges.incrementAndGet();
    }

    /** Leader changes this replica has seen since it started. */
    public long leaderChanges() {
        return leaderChanges.get();
    }
}
