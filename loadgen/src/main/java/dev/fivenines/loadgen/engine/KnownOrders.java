package dev.fivenines.loadgen.engine;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The most recent orders placed during the run (a bounded ring) with their access tokens, for
 * sessions that check on an order.
 */
final class KnownOrders {
    /** An order and the token that opens it (null if checkout gave none). */
    record Known(String orderId, String token) {
    }

    private final Known[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private long added;

    KnownOrders(int capacity) {
        ring = new Known[capacity];
    }

    void add(String orderId, String token) {
        lock.lock();
        try {
            ring[(int) (added++ % ring.length)] = new Known(orderId, token);
        } finally {
            lock.unlock();
        }
    }

    Optional<Known> pick(RandomGenerator random) {
        lock.lock();
        try {
            int size = (int) Math.min(added, ring.length);
            return size == 0 ? Optional.empty() : Optional.of(ring[random.nextInt(size)]);
        } finally {
            lock.unlock();
        }
    }
}
