package dev.fivenines.loadgen.engine;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/** The most recent orders placed during the run (a bounded ring), for sessions that check on an order. */
final class KnownOrders {
    private final String[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private long added;

    KnownOrders(int capacity) {
        ring = new String[capacity];
    }

    void add(String orderId) {
        lock.lock();
        try {
            ring[(int) (added++ % ring.length)] = orderId;
        } finally {
            lock.unlock();
        }
    }

    Optional<String> pick(RandomGenerator random) {
        lock.lock();
        try {
            int size = (int) Math.min(added, ring.length);
            return size == 0 ? Optional.empty() : Optional.of(ring[random.nextInt(size)]);
        } finally {
            lock.unlock();
        }
    }
}
