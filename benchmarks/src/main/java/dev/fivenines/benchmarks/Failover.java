package dev.fivenines.benchmarks;

import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeerProcess;
import dev.fivenines.inventory.raft.RaftInventoryClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        try {
            for (int round = 0; round < rounds; round++) {
                awaitSuccesses(successes, 2_000);
                String leader = raft.leaderHint().orElseThrow();
                int index = indexOf(peers, leader);
                firstSuccessAfterKill.set(Long.MAX_VALUE);
                killedAtNanos.set(System.nanoTime());
                peers.get(index).kill();
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
                out.append(String.format(" round %d: leader %s killed, next reservation after %d ms;", round + 1, leader, ms));
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
        out.append(String.format(" median %d ms, worst %d ms.", sorted.get(sorted.size() / 2), sorted.getLast()));
        return out.toString();
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

    private static int indexOf(List<InventoryPeerProcess> peers, String id) {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("no peer " + id + " among " + peers.stream().map(InventoryPeerProcess::id).toList());
    }
}
