package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.StockReading;
import dev.fivenines.inventory.ledger.LedgerQueries;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bounded-read path of one group's client: a Ratis stale read on the preferred replica, which
 * answers with its own staleness bound ({@link LedgerStateMachine#queryStale}); the round trip is
 * added to that bound. When the replica is not configured, unreachable, slower than the policy's
 * deadline, or cannot meet the caller's bound, the read is served strong by the leader instead, and
 * the reading says so. It never returns a figure staler than it claims.
 *
 * <p>Its own Ratis client, without retries and with the policy's deadline as its request timeout
 * (a gRPC deadline; BoundedReadPauseTest freezes a replica to check it): a frozen replica costs one
 * deadline, not a retry loop, and never holds up the ordered write pipe of the main client. The
 * blocking API, because over the ordered async one the first stale read of a new client came back
 * NotLeaderException from a healthy follower.
 */
final class BoundedReads implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BoundedReads.class.getName());

    private final InventoryGroup group;
    private final BiFunction<Collection<String>, String, StockReading> strong;
    private final LongSupplier nanoClock;
    private final List<String> peerIds;
    private volatile BoundedReadPolicy policy = BoundedReadPolicy.NONE;
    private volatile RaftClient staleClient;
    private boolean closed;

    /** @param strong a strong read at the leader, given the reason it is used; the fallback */
    BoundedReads(InventoryGroup group, BiFunction<Collection<String>, String, StockReading> strong, LongSupplier nanoClock) {
        this.group = Objects.requireNonNull(group, "group");
        this.strong = Objects.requireNonNull(strong, "strong");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.peerIds = List.copyOf(group.peerAddresses().keySet());
    }

    BoundedReads(InventoryGroup group, BiFunction<Collection<String>, String, StockReading> strong) {
        this(group, strong, System::nanoTime);
    }

    synchronized void use(BoundedReadPolicy newPolicy) {
        Objects.requireNonNull(newPolicy, "policy");
        if (closed) {
            throw new IllegalStateException("bounded reads of group " + group.name() + " are closed");
        }
        RaftClient old = staleClient;
        staleClient = newPolicy.indexIn(peerIds.size()) < 0 ? null : newClient(newPolicy);
        policy = newPolicy;
        if (old != null) {
            closeQuietly(old);
        }
    }

    /** The replica bounded reads go to, if any. */
    java.util.Optional<String> preferredReplica() {
        int index = policy.indexIn(peerIds.size());
        return index < 0 ? java.util.Optional.empty() : java.util.Optional.of(peerIds.get(index));
    }

    StockReading read(Collection<String> skus, Duration maxStaleness) {
        if (skus.isEmpty()) {
            return StockReading.strong(Map.of(), "nobody (no skus)");
        }
        BoundedReadPolicy current = policy;
        RaftClient client = staleClient;
        int index = current.indexIn(peerIds.size());
        if (index < 0 || client == null) {
            return strong.apply(skus, "no preferred replica");
        }
        String replica = peerIds.get(index);
        long maxMillis = maxStaleness.toMillis();
        byte[] question = BoundedReadCodec.encodeQuestion(maxMillis, LedgerQueries.encodeAvailable(List.copyOf(skus)));
        long sentAt = nanoClock.getAsLong();
        BoundedReadCodec.Answer answer;
        try {
            RaftClientReply reply = client.io().sendStaleRead(Message.valueOf(ByteString.copyFrom(question)), 0,
                    RaftPeerId.valueOf(replica));
            if (!reply.isSuccess()) {
                return fallback(skus, replica + " refused: " + reply.getException());
            }
            answer = BoundedReadCodec.decodeAnswer(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
            renewIfClosed(client, current, e);
            return fallback(skus, replica + " failed within " + current.deadline().toMillis() + " ms: " + e);
        } catch (IllegalArgumentException e) {
            return fallback(skus, replica + " sent a malformed answer: " + e.getMessage());
        }
        long roundTripMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - sentAt + TimeUnit.MILLISECONDS.toNanos(1) - 1);
        return switch (answer.status()) {
            case UNKNOWN -> fallback(skus, replica + " cannot bound its staleness (no leader contact)");
            case TOO_STALE -> fallback(skus, replica + " is " + answer.stalenessMillis() + " ms stale > " + maxMillis + " ms");
            case FRESH -> {
                long staleness = answer.stalenessMillis() + roundTripMillis;
                yield staleness > maxMillis
                        ? fallback(skus, replica + " answer is " + staleness + " ms stale with the round trip > " + maxMillis + " ms")
                        : new StockReading(LedgerQueries.decodeAvailable(answer.availabilityAnswer()), Duration.ofMillis(staleness), replica);
            }
        };
    }

    private StockReading fallback(Collection<String> skus, String why) {
        LOG.log(Level.FINE, () -> "bounded read on group " + group.name() + " served by the leader: " + why);
        return strong.apply(skus, "fallback: " + why);
    }

    private RaftClient newClient(BoundedReadPolicy p) {
        return RaftInventoryClient.newRaftClient(group, RetryPolicies.noRetry(), null, p.deadline());
    }

    /** Ratis closes a client's window for good after a failed request; replace it for the next read. */
    private synchronized void renewIfClosed(RaftClient broken, BoundedReadPolicy current, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException
                    || t instanceof org.apache.ratis.protocol.exceptions.RaftRetryFailureException) {
                if (!closed && staleClient == broken) {
                    staleClient = newClient(current);
                    closeQuietly(broken);
                }
                return;
            }
        }
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing a stale-read Raft client failed; its connections may linger", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (staleClient != null) {
            closeQuietly(staleClient);
            staleClient = null;
        }
    }
}
