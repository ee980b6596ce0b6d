package dev.fivenines.traffic.admission;

import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sampled log of shed decisions: under overload thousands are shed per second, so at most one
 * explained line per interval is written, saying how many decisions it stands for. Nothing is
 * lost silently: the counters in {@link AdmissionMetrics} see every one.
 */
public final class ShedLog {
    private static final Logger LOG = Logger.getLogger("dev.fivenines.traffic.shed");

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final Object lock = new Object();
    private long nextLogNanos;
    private long suppressed;
    private boolean first = true;

    public ShedLog(LongSupplier nanoTime, long intervalNanos) {
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
    }

    /** Returns the line written, or null when this decision was only counted. */
    public String record(Rejection rejection) {
        long now = nanoTime.getAsLong();
        long skipped;
        synchronized (lock) {
            if (!first && now - nextLogNanos < 0) {
                suppressed++;
                return null;
            }
            first = false;
            nextLogNanos = now + intervalNanos;
            skipped = suppressed;
            suppressed = 0;
        }
        String line = rejection.explain() + (skipped > 0 ? " (+" + skipped + " more shed since last line)" : "");
        LOG.log(Level.INFO, line);
        return line;
    }
}
