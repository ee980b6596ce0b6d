package dev.fivenines.loadgen.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine's only source of time. Production uses {@link #system()}; tests pass a fake that moves
 * when told to, so scheduling and latency accounting are checked without real waiting.
 */
public interface Ticker {
    /** Monotonic nanoseconds, comparable only with other readings of the same ticker. */
    long nanoTime();

    /** Blocks until {@link #nanoTime()} has reached {@code deadlineNanos}; returns at once if it has. */
    void sleepUntil(long deadlineNanos) throws InterruptedException;

    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** Wraps the JVM's monotonic clock; parks in slices so an interrupt is noticed promptly. */
    final class SystemTicker implements Ticker {
        static final SystemTicker INSTANCE = new SystemTicker();

        private SystemTicker() {
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) throws InterruptedException {
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the next arrival");
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                LockSupport.parkNanos(Math.min(remaining, 50_000_000L));
            }
        }
    }
}
