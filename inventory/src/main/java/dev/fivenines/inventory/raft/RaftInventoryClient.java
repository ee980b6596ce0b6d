package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.StockReading;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.LedgerQueries;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link InventoryClient} on the Raft ledger. The Ratis client finds the leader, caches it and follows
 * redirects; every call has a deadline ({@link Settings#callTimeout}); a failed attempt is retried with
 * the same command (safe: the ledger is idempotent by hold id) until the deadline. Writes go through a
 * {@link CommandBatcher}, so concurrent reservations share Raft entries. Availability is a linearizable
 * read (ReadIndex). A {@linkplain ReadConsistency.Bounded bounded} read goes to the replica chosen by the
 * {@link BoundedReadPolicy} ({@link BoundedReads}). Thread-safe; close it to stop its batcher and connections.
 */
public final class RaftInventoryClient implements InventoryClient, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RaftInventoryClient.class.getName());
    /** Longest TTL a hold may ask for, as for the SQL ledger. */
    public static final Duration MAX_TTL = Duration.ofHours(24);

    /**
     * @param callTimeout deadline of each call, retries included
     * @param maxBatch    most commands in one Raft entry
     * @param linger      longest an entry waits for more commands after its first one was queued
     * @param maxInFlight Raft entries travelling at once
     * @param maxQueued   commands waiting for an entry; more fail at once as unavailable
     */
    public record Settings(Duration callTimeout, int maxBatch, Duration linger, int maxInFlight, int maxQueued) {
        /**
         * One entry in flight, closed after 1 ms or 512 commands: on the hot SKU with 64 buyers this put
         * 40-47 commands in an entry instead of 13-17 with 4 in flight and no linger, for 1.7-3.9x less
         * replica CPU per reservation and 1.8-3.5x the reservations/s on the loaded 2-core box
         * (docs/decisions/020-ledger-batches-by-time-and-size.md).
         */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), 512, Duration.ofMillis(1), 1, 20_000);

        public Settings {
            Check.inRange("callTimeout millis", callTimeout.toMillis(), 10, 120_000);
        }
    }

    private static final long RETRY_SLEEP_MILLIS = 25;

    private final java.util.function.Supplier<RaftClient> clientFactory;
    private final java.util.concurrent.atomic.AtomicReference<RaftClient> raft;
    private final CommandBatcher batcher;
    private final Settings settings;
    private final Clock clock;
    private final BoundedReads boundedReads;

    private RaftInventoryClient(InventoryGroup group, Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Attempts until the leader is back; the call's deadline bounds the wait. A short sleep because
        // after a leader dies the client bounces between a dead leader and followers that do not know
        // the new one yet: each bounce costs a sleep, and failover time is what the buyer waits
        // (docs/decisions/005-raft-election-timeouts.md).
        long attempts = Math.max(3, settings.callTimeout().toMillis() / RETRY_SLEEP_MILLIS);
        this.clientFactory = () -> newRaftClient(group, RetryPolicies.retryUpToMaximumCountWithFixedSleep((int) attempts,
                TimeDuration.valueOf(RETRY_SLEEP_MILLIS, TimeUnit.MILLISECONDS)));
        this.raft = new java.util.concurrent.atomic.AtomicReference<>(clientFactory.get());
        this.batcher = new CommandBatcher(group.name(), this::send, settings.maxBatch(), settings.linger(),
                settings.maxInFlight(), settings.maxQueued());
        this.boundedReads = new BoundedReads(group, this::strongReading);
    }

    /** A client of {@code group}; {@code clock} turns a TTL into the hold's expiry time. */
    public static RaftInventoryClient connect(InventoryGroup group, Settings settings, Clock clock) {
        return new RaftInventoryClient(group, settings, clock);
    }

    static RaftClient newRaftClient(InventoryGroup group, RetryPolicy retryPolicy) {
        return newRaftClient(group, retryPolicy, null);
    }

    /** {@code leader}, if given, is where the first request goes (else Ratis guesses and follows redirects). */
    static RaftClient newRaftClient(InventoryGroup group, RetryPolicy retryPolicy, org.apache.ratis.protocol.RaftPeerId leader) {
        return newRaftClient(group, retryPolicy, leader, Duration.ofSeconds(3));
    }

    static RaftClient newRaftClient(InventoryGroup group, RetryPolicy retryPolicy, org.apache.ratis.protocol.RaftPeerId leader,
                                    Duration requestTimeout) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
        var builder = RaftClient.newBuilder()
                .setRaftGroup(group.raftGroup())
                .setProperties(properties)
                .setParameters(group.parameters())
                .setRetryPolicy(retryPolicy);
        if (leader != null) {
            builder.setLeaderId(leader);
        }
        return builder.build();
    }

    /**
     * Ratis' ordered async send. Once one of its requests runs out of retries (a long leader outage),
     * that RaftClient closes its sliding window for good and fails every later call at once; so a
     * failure caused by a closed client replaces the client, and the caller's retry (same command,
     * idempotent) goes through the new one.
     */
    private CompletableFuture<byte[]> send(byte[] batch) {
        RaftClient client = raft.get();
        return client.async().send(Message.valueOf(ByteString.copyFrom(batch))).handle((reply, error) -> {
            if (error != null) {
                renewIfClosed(client, error);
                throw new InventoryUnavailableException("ledger batch of " + batch.length + " bytes failed: " + error, error);
            }
            return content(reply);
        });
    }

    /** How well commands share entries: Raft entries sent so far by this client's batcher. */
    public long entriesSent() {
        return batcher.entriesSent();
    }

    /** Commands carried by those entries. */
    public long commandsSent() {
        return batcher.commandsSent();
    }

    private void renewIfClosed(RaftClient broken, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException
                    || t instanceof org.apache.ratis.protocol.exceptions.RaftRetryFailureException) {
                RaftClient fresh = clientFactory.get();
                if (raft.compareAndSet(broken, fresh)) {
                    LOG.log(Level.WARNING, "Raft client gave up (" + t + "); replaced it");
                    closeQuietly(broken);
                } else {
                    closeQuietly(fresh);
                }
                return;
            }
        }
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing a Raft client failed; its connections may linger", e);
        }
    }

    private static byte[] content(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new InventoryUnavailableException("ledger refused the batch: " + reply.getException(), reply.getException());
        }
        return reply.getMessage().getContent().toByteArray();
    }

    @Override
    public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
        Check.argument(!ttl.isNegative() && !ttl.isZero() && ttl.compareTo(MAX_TTL) <= 0,
                "ttl must be in (0, %s], was %s", MAX_TTL, ttl);
        Instant expiresAt = clock.instant().plus(ttl);
        LedgerReply reply = execute(new LedgerCommand.Reserve(holdId, lines, expiresAt.toEpochMilli()), "reserve of hold " + holdId);
        return switch (reply) {
            case LedgerReply.Held held -> new ReserveResult.Held(held.holdId(), Instant.ofEpochMilli(held.expiresAtMillis()));
            case LedgerReply.Short s -> new ReserveResult.Short(s.shortages());
            case LedgerReply.Rejected r -> throw new IllegalArgumentException("reserve of hold " + holdId + " rejected: " + r.reason());
            case LedgerReply.Done d -> throw new IllegalStateException("reserve of hold " + holdId + " got a non-reserve reply " + d);
            case LedgerReply.NoSuchHold n -> throw new IllegalStateException("reserve of hold " + holdId + " got a non-reserve reply " + n);
        };
    }

    @Override
    public boolean commit(UUID holdId) {
        return commitAnswer(holdId).orElse(false);
    }

    @Override
    public boolean release(UUID holdId) {
        return releaseAnswer(holdId).orElse(false);
    }

    /** Empty if this ledger has no such hold; else whether the hold ends committed. */
    public java.util.Optional<Boolean> commitAnswer(UUID holdId) {
        return done(execute(new LedgerCommand.Commit(holdId), "commit of hold " + holdId));
    }

    /** Empty if this ledger has no such hold; else whether its units are back. */
    public java.util.Optional<Boolean> releaseAnswer(UUID holdId) {
        return done(execute(new LedgerCommand.Release(holdId), "release of hold " + holdId));
    }

    /** Goods received; idempotent by {@code receiptId}. Returns the ledger's reply (Rejected on overflow). */
    public LedgerReply restock(String sku, int units, String receiptId) {
        return execute(new LedgerCommand.Restock(sku, units, receiptId), "restock of " + sku);
    }

    public LedgerReply adjust(String sku, int newOnHand, String reason, String adjustmentId) {
        return execute(new LedgerCommand.Adjust(sku, newOnHand, reason, adjustmentId), "adjust of " + sku);
    }

    public LedgerReply setPolicy(String sku, int safetyStock, int reorderQty) {
        return execute(new LedgerCommand.SetPolicy(sku, safetyStock, reorderQty), "policy of " + sku);
    }

    @Override
    public Map<String, Integer> available(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        byte[] question = LedgerQueries.encodeAvailable(List.copyOf(skus));
        long deadline = System.nanoTime() + settings.callTimeout().toNanos();
        try {
            for (int attempt = 1; ; attempt++) {
                RaftClient client = raft.get();
                long left = deadline - System.nanoTime();
                try {
                    RaftClientReply reply = client.async().sendReadOnly(Message.valueOf(ByteString.copyFrom(question)))
                            .get(Math.max(1, left), TimeUnit.NANOSECONDS);
                    return LedgerQueries.decodeAvailable(content(reply));
                } catch (ExecutionException e) {
                    renewIfClosed(client, e.getCause());
                    // A read that met an election ("leader is unknown", not ready yet) is asked again
                    // within the deadline, as writes are; the answer is still the leader's.
                    if (attempt >= MAX_READ_ATTEMPTS || !duringElection(e.getCause())
                            || deadline - System.nanoTime() <= RETRY_SLEEP_MILLIS * 1_000_000L) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(RETRY_SLEEP_MILLIS * attempt);
                }
            }
        } catch (TimeoutException e) {
            throw new InventoryUnavailableException("availability of " + skus.size() + " skus: no answer within " + settings.callTimeout(), e);
        } catch (ExecutionException e) {
            throw new InventoryUnavailableException("availability of " + skus.size() + " skus failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventoryUnavailableException("interrupted while reading availability", e);
        }
    }

    private static final int MAX_READ_ATTEMPTS = 8;

    private static boolean duringElection(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.ReadIndexException
                    || t instanceof org.apache.ratis.protocol.exceptions.LeaderNotReadyException
                    || t instanceof org.apache.ratis.protocol.exceptions.NotLeaderException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public StockReading read(Collection<String> skus, ReadConsistency consistency) {
        return switch (consistency) {
            case ReadConsistency.Strong strong -> strongReading(skus, "");
            case ReadConsistency.Bounded bounded -> boundedReads.read(skus, bounded.maxStaleness());
        };
    }

    /** See {@link InventoryClient#useBoundedReadPolicy}: the replica bounded reads go to, and their deadline. */
    @Override
    public void useBoundedReadPolicy(BoundedReadPolicy policy) {
        boundedReads.use(policy);
    }

    private StockReading strongReading(Collection<String> skus, String why) {
        Map<String, Integer> available = available(skus);
        return StockReading.strong(available, "leader:" + leaderHint().orElse("?") + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    /**
     * Availability as one replica (leader or follower) has applied it, without asking the leader: may
     * be stale by however far that replica lags. For "in stock" badges, admin views and tests, never
     * for checkout decisions.
     */
    public Map<String, Integer> availableOnReplica(String peerId, Collection<String> skus) {
        byte[] question = LedgerQueries.encodeAvailable(List.copyOf(skus));
        RaftClient client = raft.get();
        try {
            RaftClientReply reply = client.async().sendStaleRead(Message.valueOf(ByteString.copyFrom(question)), 0,
                    org.apache.ratis.protocol.RaftPeerId.valueOf(peerId)).get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return LedgerQueries.decodeAvailable(content(reply));
        } catch (TimeoutException e) {
            throw new InventoryUnavailableException("replica " + peerId + " did not answer within " + settings.callTimeout(), e);
        } catch (ExecutionException e) {
            renewIfClosed(client, e.getCause());
            throw new InventoryUnavailableException("stale read on replica " + peerId + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventoryUnavailableException("interrupted while reading replica " + peerId, e);
        }
    }

    private static java.util.Optional<Boolean> done(LedgerReply reply) {
        return switch (reply) {
            case LedgerReply.Done d -> java.util.Optional.of(d.applied());
            case LedgerReply.NoSuchHold n -> java.util.Optional.empty();
            default -> throw new IllegalStateException("expected a done/not-done reply, got " + reply);
        };
    }

    /** Submits the command, and resubmits the same command after a failed attempt, until the deadline. */
    private LedgerReply execute(LedgerCommand command, String what) {
        long deadline = System.nanoTime() + settings.callTimeout().toNanos();
        Throwable last = null;
        boolean mayHaveApplied = false;
        for (int attempt = 1; attempt <= 3; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                return batcher.submit(command).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new InventoryUnavailableException(what + ": no answer within " + settings.callTimeout(), e);
            } catch (ExecutionException e) {
                last = e.getCause();
                mayHaveApplied |= !(last instanceof InventoryUnavailableException u) || u.mayHaveApplied();
                LOG.log(Level.FINE, what + " attempt " + attempt + " failed; retrying with the same id", last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InventoryUnavailableException(what + ": interrupted", e);
            }
        }
        // Not applied only if no attempt was ever sent (every one refused by a full or closed queue).
        throw new InventoryUnavailableException(what + " failed: " + last, last, mayHaveApplied || last == null);
    }

    /** The leader this client last talked to, if it knows one (a hint: it may have changed since). */
    public java.util.Optional<String> leaderHint() {
        return java.util.Optional.ofNullable(raft.get().getLeaderId()).map(Object::toString);
    }

    @Override
    public void close() {
        batcher.close();
        boundedReads.close();
        closeQuietly(raft.get());
    }
}
