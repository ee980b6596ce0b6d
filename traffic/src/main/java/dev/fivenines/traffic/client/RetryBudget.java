package dev.fivenines.traffic.client;

import dev.fivenines.base.Check;

import java.util.function.LongSupplier;

/**
 * Retries may be at most {@code ratio} of requests (plus a small floor per second so a quiet client
 * can still retry once): every request deposits {@code ratio} of a token, every retry withdraws
 * one. The balance is capped, so a long quiet period cannot bank a retry storm.
 */
public final class RetryBudget {
    private final double ratio;
    private final double minPerSecond;
    private final double cap;
    private final LongSupplier nanoTime;
    private double balance;
    private long lastNanos;
    private long retries;
    private long refused;

    public RetryBudget(double ratio, double minPerSecond, LongSupplier nanoTime) {
        Check.inRange("traffic.retry.budgetRatio", ratio, 0.0, 1.0);
        Check.inRange("traffic.retry.minRetriesPerSecond", minPerSecond, 0.0, 10_000.0);
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.cap = Math.max(1.0, minPerSecond * 10);
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
        this.balance = Math.min(cap, minPerSecond);
    }

    /** Call once per original request (not per retry). */
    public synchronized void onRequest() {
        refill();
        balance = Math.min(cap, balance + ratio);
    }

    /** True (and spends a token) when a retry is within budget. */
    public synchronized boolean tryRetry() {
        refill();
        // tolerance: ten deposits of 0.1 must make a whole token despite binary rounding
        if (balance >= 1.0 - 1e-9) {
            balance = Math.max(0.0, balance - 1.0);
            retries++;
            return true;
        }
        refused++;
        return false;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        balance = Math.min(cap, balance + (now - lastNanos) / 1e9 * minPerSecond);
        lastNanos = now;
    }

    public synchronized long retries() {
        return retries;
    }

    public synchronized long refused() {
        return refused;
    }
}
