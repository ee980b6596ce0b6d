package dev.fivenines.benchmarks;

import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeerProcess;
import dev.fivenines.inventory.raft.RaftInventoryClient;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import dev.fivenines.inventory.ledger.LedgerQueries;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failover: 16 buyers reserve on the hot SKU; the leader's JVM gets SIGKILL; the figure is the time
 * from the kill to the end of the first successful reservation that started after it. The killed
 * peer is restarted from its directory before the next round.
 */
final class Failover {
    private static final Logger LOG = Logger.getLogger(Failover.class.getName());

    private Failover() {
    }

    static String measure(RaftInventoryClient raft, List<InventoryPeerProcess> peers, InventoryGroup group, Path root, int rounds)
            throws InterruptedException {
        StringBuilder out = new StringBuilder("Failover after SIGKILL of the leader JVM (16 buyers on the hot SKU):");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong successes = new AtomicLong();
        AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstSuccessAfterKill = new AtomicLong(Long.MAX_VALUE);
        List<Thread> buyers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            buyers.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        if (InventoryLedgerBenchmark.reserveOne(raft, "hot")) {
                            long t1 = System.nanoTime();
                            successes.incrementAndGet();
                            if (t0 > killedAtNanos.get()) {
                                firstSuccessAfterKill.accumulateAndGet(t1, Math::min);
                            }
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "reservation failed during failover", e);
                    }
                }
            }));
        }
        List<Long> millis = new ArrayList<>();
        List<Long> leadsMillis = new ArrayList<>();
        List<Long> servesMillis = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                awaitSuccesses(successes, 2_000);
                String leader = raft.leaderHint().orElseThrow();
                int index = indexOf(peers, leader);
                firstSuccessAfterKill.set(Long.MAX_VALUE);
                killedAtNanos.set(System.nanoTime());
                java.time.Instant killedAt = java.time.Instant.now();
                peers.get(index).kill();
                var elected = new java.util.concurrent.atomic.AtomicReference<Elected>();
                Thread watcher = Thread.ofVirtual().start(() -> elected.set(awaitNewLeader(group, leader)));
                long giveUp = System.nanoTime() + 120_000_000_000L;
                while (firstSuccessAfterKill.get() == Long.MAX_VALUE) {
                    if (System.nanoTime() > giveUp) {
                        out.append(String.format(" round %d: leader %s killed, NO successful reservation within 120 s;", round + 1, leader));
                        return out.toString();
                    }
                    Thread.sleep(5);
                }
                long ms = (firstSuccessAfterKill.get() - killedAtNanos.get()) / 1_000_000;
                millis.add(ms);
                watcher.join(40_000);
                Elected e = elected.get();
                long leadsMs = e == null || e.leadsAtNanos() == Long.MAX_VALUE ? -1 : (e.leadsAtNanos() - killedAtNanos.get()) / 1_000_000;
                long servesMs = e == null || e.servesAtNanos() == Long.MAX_VALUE ? -1 : (e.servesAtNanos() - killedAtNanos.get()) / 1_000_000;
                leadsMillis.add(leadsMs);
                servesMillis.add(servesMs);
                out.append(String.format(" round %d: leader %s killed, a survivor led after %d ms and served a read after %d ms,"
                        + " next reservation after %d ms (killed at %s);", round + 1, leader, leadsMs, servesMs, ms, killedAt));
                killedAtNanos.set(Long.MAX_VALUE);
                peers.set(index, InventoryLedgerBenchmark.startPeer(group, leader, root));
            }
        } finally {
            running.set(false);
            for (Thread buyer : buyers) {
                buyer.join(30_000);
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        out.append(String.format(" median %d ms, worst %d ms; medians: a survivor led after %d ms, served a read after %d ms"
                        + " (-1: not seen), the rest is the client finding it.", sorted.get(sorted.size() / 2), sorted.getLast(),
                median(leadsMillis), median(servesMillis)));
        return out.toString();
    }

    /** When a survivor first said it leads, and when that leader first answered a linearizable read (Long.MAX_VALUE: never). */
    record Elected(long leadsAtNanos, long servesAtNanos) {
    }

    /**
     * Asks the survivors every 5 ms (each asked with a 200 ms deadline, no retries) which of them
     * leads, then asks that one for a linearizable read until it answers: splits a failover into the
     * election, the new leader's getting ready, and the client's finding it.
     */
    private static Elected awaitNewLeader(InventoryGroup group, String killed) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
        long giveUp = System.nanoTime() + 30_000_000_000L;
        long leadsAt = Long.MAX_VALUE;
        RaftPeerId leader = null;
        try (RaftClient admin = RaftClient.newBuilder().setRaftGroup(group.raftGroup()).setProperties(properties)
                .setParameters(new Parameters()).setRetryPolicy(RetryPolicies.noRetry()).build()) {
            while (leader == null && System.nanoTime() < giveUp) {
                for (RaftPeer peer : group.raftGroup().getPeers()) {
                    if (peer.getId().toString().equals(killed)) {
                        continue;
                    }
                    try {
                        var info = admin.getGroupManagementApi(peer.getId()).info(group.groupId());
                        if (info.getRoleInfoProto().getRole() == RaftPeerRole.LEADER) {
                            leadsAt = System.nanoTime();
                            leader = peer.getId();
                            break;
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.FINE, "replica " + peer.getId() + " did not say its role", e);
                    }
                }
                if (leader == null) {
                    Thread.sleep(5);
                }
            }
            if (leader == null) {
                return new Elected(Long.MAX_VALUE, Long.MAX_VALUE);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the role client failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Elected(leadsAt, Long.MAX_VALUE);
        }
        try (RaftClient reader = RaftClient.newBuilder().setRaftGroup(group.raftGroup()).setProperties(properties)
                .setParameters(new Parameters()).setLeaderId(leader).setRetryPolicy(RetryPolicies.noRetry()).build()) {
            Message question = Message.valueOf(ByteString.copyFrom(LedgerQueries.encodeAvailable(List.of("hot"))));
            while (System.nanoTime() < giveUp) {
                try {
                    if (reader.io().sendReadOnly(question, leader).isSuccess()) {
                        return new Elected(leadsAt, System.nanoTime());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "new leader " + leader + " did not answer a read yet", e);
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the read client failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Elected(leadsAt, Long.MAX_VALUE);
    }

    private static void awaitSuccesses(AtomicLong successes, long more) throws InterruptedException {
        long target = successes.get() + more;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (successes.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ledger did not recover: " + successes.get() + " of " + target + " successes");
            }
            Thread.sleep(10);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int indexOf(List<InventoryPeerProcess> peers, String id) {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("no peer " + id + " among " + peers.stream().map(InventoryPeerProcess::id).toList());
    }
}
