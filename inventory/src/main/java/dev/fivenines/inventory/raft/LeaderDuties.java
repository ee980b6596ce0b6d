package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ledger.LedgerCodec;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.StockLow;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a replica does while it leads a group: an {@code Expire} (so holds expire and the log's time moves
 * while nobody writes), checked every {@link RaftTuning#expiryTick()} and written only when a hold is due
 * or the log has been still for {@link RaftTuning#idleTick()}, and the StockLow re-announcements.
 *
 * <p>Ticks are handed straight to this process's Raft server ({@code submitClientRequestAsync}), not
 * through a {@code RaftClient}: a cached client's ordered-async window closed for good once one tick
 * ran out of retries around a leader change, and from then on every tick failed "closed" while the
 * idle group's log stood still. A local submission has no client state to lose; a failed tick is
 * counted, logged on the first failure of a streak, and followed by a bounded back-off (at most
 * {@link #MAX_BACKOFF_TICKS} ticks skipped), after which ticking resumes by itself.
 */
final class LeaderDuties implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderDuties.class.getName());
    /** Longest back-off after repeated tick failures, in ticks: bounded, so ticking resumes soon after a recovery. */
    static final int MAX_BACKOFF_TICKS = 8;
    /** A tick not answered in this time counts as failed (the server keeps its own deadline too). */
    static final long TICK_TIMEOUT_MILLIS = 5_000;

    /** Failure counts of the loops; read by the node's metrics. */
    record Stats(long ticksSubmitted, long tickFailures, long announcementFailures) {
    }

    /** One led-or-not group: its state machine and the loop's bookkeeping. */
    private static final class Duty {
        final InventoryGroup group;
        final LedgerStateMachine stateMachine;
        /** The last term whose take-over announcement was started (-1: none). */
        final AtomicLong announcedTerm = new AtomicLong(-1);
        /** The last term an announcement finished in. */
        final AtomicLong announcedDoneTerm = new AtomicLong(-1);
        /** One tick in flight at most per group: a slow server never piles ticks up. */
        final AtomicBoolean tickInFlight = new AtomicBoolean();
        int consecutiveFailures;
        long skipTicksUntilMillis = Long.MIN_VALUE;

        Duty(InventoryGroup group, LedgerStateMachine stateMachine) {
            this.group = group;
            this.stateMachine = stateMachine;
        }
    }

    private final RaftPeerId id;
    private final RaftServer server;
    private final Function<InventoryGroup, DivisionInfo> info;
    private final Consumer<StockLow> stockLowSink;
    private final LongSupplier clockMillis;
    private final long tickMillis;
    private final long idleTickMillis;
    private final Map<String, Duty> duties = new LinkedHashMap<>();
    private final ClientId tickClientId = ClientId.randomId();
    private final AtomicLong callId = new AtomicLong();
    private final AtomicLong ticksSubmitted = new AtomicLong();
    private final AtomicLong tickFailures = new AtomicLong();
    private final AtomicLong announcementFailures = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final ThreadPoolExecutor announcer;

    LeaderDuties(RaftPeerId id, RaftServer server, Map<InventoryGroup, LedgerStateMachine> groups,
                 Function<InventoryGroup, DivisionInfo> info, RaftTuning tuning, LongSupplier clockMillis,
                 Consumer<StockLow> stockLowSink) {
        this.id = id;
        this.server = server;
        this.info = info;
        this.clockMillis = clockMillis;
        this.stockLowSink = stockLowSink;
        groups.forEach((group, machine) -> duties.put(group.name(), new Duty(group, machine)));
        this.tickMillis = tuning.expiryTick().toMillis();
        this.idleTickMillis = tuning.idleTick().toMillis();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "inventory-ticker-" + id));
        // Publishing may block (Kafka down): it runs on its own thread, so expiry keeps ticking. One
        // re-announcement per group may wait; more are refused (counted), the next period covers them.
        this.announcer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(groups.size()),
                r -> daemon(r, "inventory-stocklow-" + id), new ThreadPoolExecutor.AbortPolicy());
        ticker.scheduleWithFixedDelay(() -> survive("expiry tick", this::tick), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        long reannounceMillis = tuning.stockLowReannounce().toMillis();
        ticker.scheduleWithFixedDelay(() -> survive("StockLow re-announcement", this::reannounceWhereLeading),
                reannounceMillis, reannounceMillis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A scheduled task that throws is never run again: nothing may escape a loop body. */
    private void survive(String loop, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.SEVERE, loop + " of " + id + " failed as a whole; the next period runs it again", e);
        }
    }

    Stats stats() {
        return new Stats(ticksSubmitted.get(), tickFailures.get(), announcementFailures.get());
    }

    /** Whether this replica leads {@code group} and has finished announcing its open episodes in this term. */
    boolean announcedAsLeader(InventoryGroup group) {
        DivisionInfo current = info.apply(group);
        return current.isLeader() && duties.get(group.name()).announcedDoneTerm.get() == current.getCurrentTerm();
    }

    private void tick() {
        long now = clockMillis.getAsLong();
        for (Duty duty : duties.values()) {
            try {
                DivisionInfo current = info.apply(duty.group);
                // A leader not ready yet (its first entry of the term uncommitted) would refuse the tick.
                if (!current.isLeaderReady()) {
                    continue;
                }
                if (now >= duty.skipTicksUntilMillis && now >= duty.stateMachine.nextTickDueMillis(idleTickMillis)
                        && duty.tickInFlight.compareAndSet(false, true)) {
                    submitTick(duty);
                }
                long term = current.getCurrentTerm();
                // Announce once per term of leadership, as soon as the leader has applied what it inherited.
                if (duty.announcedTerm.getAndSet(term) != term) {
                    if (!startAnnouncement(duty, term)) {
                        duty.announcedTerm.compareAndSet(term, -1); // the next tick tries again
                    }
                }
            } catch (RuntimeException e) {
                tickFailed(duty, e);
            }
        }
    }

    private void submitTick(Duty duty) {
        CompletableFuture<RaftClientReply> reply;
        try {
            byte[] batch = LedgerCodec.encodeCommands(List.of(new LedgerCommand.Expire()));
            reply = server.submitClientRequestAsync(RaftClientRequest.newBuilder()
                    .setClientId(tickClientId)
                    .setServerId(id)
                    .setGroupId(duty.group.groupId())
                    .setCallId(callId.incrementAndGet())
                    .setMessage(Message.valueOf(ByteString.copyFrom(batch)))
                    .setType(RaftClientRequest.writeRequestType())
                    .build());
        } catch (IOException | RuntimeException e) {
            duty.tickInFlight.set(false);
            tickFailed(duty, e);
            return;
        }
        ticksSubmitted.incrementAndGet();
        reply.orTimeout(TICK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((answer, error) -> {
            duty.tickInFlight.set(false);
            if (error == null && answer.isSuccess()) {
                tickSucceeded(duty);
            } else {
                tickFailed(duty, error != null ? error : answer.getException());
            }
        });
    }

    private void tickSucceeded(Duty duty) {
        synchronized (duty) {
            if (duty.consecutiveFailures > 0) {
                LOG.info("expiry tick of " + id + " in " + duty.group.name() + " works again after "
                        + duty.consecutiveFailures + " failed");
            }
            duty.consecutiveFailures = 0;
            duty.skipTicksUntilMillis = Long.MIN_VALUE;
        }
    }

    /** Counts the failure and backs off 1, 2, 4 ... up to {@value #MAX_BACKOFF_TICKS} ticks. */
    private void tickFailed(Duty duty, Throwable error) {
        tickFailures.incrementAndGet();
        synchronized (duty) {
            duty.consecutiveFailures++;
            int skip = (int) Math.min(MAX_BACKOFF_TICKS, 1L << Math.min(30, duty.consecutiveFailures - 1));
            duty.skipTicksUntilMillis = clockMillis.getAsLong() + skip * tickMillis;
            // The first failure of a streak at WARNING, the rest at FINE: a leader change fails a few in a row.
            Level level = duty.consecutiveFailures == 1 ? Level.WARNING : Level.FINE;
            LOG.log(level, "expiry tick of " + id + " in " + duty.group.name() + " failed (" + duty.consecutiveFailures
                    + " in a row; holds of an idle group wait for the next tick, in " + skip + " tick(s)): " + error);
        }
    }

    private void reannounceWhereLeading() {
        for (Duty duty : duties.values()) {
            try {
                DivisionInfo current = info.apply(duty.group);
                if (current.isLeaderReady()) {
                    startAnnouncement(duty, current.getCurrentTerm());
                }
            } catch (RuntimeException e) {
                announcementFailures.incrementAndGet();
                LOG.log(Level.WARNING, "StockLow re-announcement of " + id + " in " + duty.group.name()
                        + " failed; the next period retries", e);
            }
        }
    }

    /** False when the announcer is busy (counted and logged): the caller's next period covers it. */
    private boolean startAnnouncement(Duty duty, long term) {
        try {
            announcer.execute(() -> announce(duty, term));
            return true;
        } catch (RejectedExecutionException e) {
            announcementFailures.incrementAndGet();
            LOG.warning(() -> "StockLow re-announcement of " + duty.group.name() + " on " + id
                    + " skipped: earlier ones are still publishing; the next period retries");
            return false;
        }
    }

    /** Publishes every open low episode of the group. */
    private void announce(Duty duty, long term) {
        for (StockLow low : duty.stateMachine.openLowEpisodes()) {
            try {
                stockLowSink.accept(low);
            } catch (RuntimeException e) {
                announcementFailures.incrementAndGet();
                LOG.log(Level.WARNING, "re-announcing " + low + " from " + id + " failed; the next period retries", e);
            }
        }
        duty.announcedDoneTerm.set(term);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        announcer.shutdownNow();
    }
}
