package dev.fivenines.loadgen.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent cookies of the most recent purchases in the run (a bounded ring): what a
 * returning customer's browser still holds when it comes back. Which one a visit gets is a hash of
 * the session number, so it draws nothing from the session's random sequence.
 */
final class CustomerCookies {
    private final Map<String, String>[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private long added;

    @SuppressWarnings("unchecked")
    CustomerCookies(int capacity) {
        ring = new Map[capacity];
    }

    void add(Map<String, String> cookies) {
        if (cookies.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            ring[(int) (added++ % ring.length)] = Map.copyOf(cookies);
        } finally {
            lock.unlock();
        }
    }

    /** One of the kept purchases' cookies for session {@code sessionId}; empty before any purchase. */
    Optional<Map<String, String>> pick(long sessionId) {
        lock.lock();
        try {
            int size = (int) Math.min(added, ring.length);
            return size == 0 ? Optional.empty() : Optional.of(ring[(int) Math.floorMod(mix(sessionId), (long) size)]);
        } finally {
            lock.unlock();
        }
    }

    private static long mix(long id) {
        long z = id * 0xBF58476D1CE4E5B9L + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }
}
