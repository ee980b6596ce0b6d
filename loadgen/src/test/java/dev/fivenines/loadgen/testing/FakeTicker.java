package dev.fivenines.loadgen.testing;

import dev.fivenines.loadgen.engine.Ticker;

import java.util.concurrent.atomic.AtomicLong;

/** Time that only moves when told to: sleeping jumps straight to the deadline. */
public final class FakeTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        now.accumulateAndGet(deadlineNanos, Math::max);
    }

    public void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }
}
