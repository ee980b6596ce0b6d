package dev.fivenines.base;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background loop with a way to stop: runs {@code body} on one daemon thread, then again
 * {@code interval} after each run ends. A run that throws is logged with what the failure leaves
 * behind and the loop goes on (an escaping exception would cancel a scheduled task for good).
 * {@link #close} stops it and waits, bounded, for a run in progress; a run still busy after
 * {@code stopTimeout} is interrupted.
 */
public final class PeriodicLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeriodicLoop.class.getName());

    private final String name;
    private final Duration interval;
    private final Duration stopTimeout;
    private final Runnable body;
    private final String leftOnFailure;
    private ScheduledExecutorService executor;
    private boolean closed;

    /**
     * @param leftOnFailure what a failed run leaves behind, for the log line (e.g. "orders stay as
     *                      they were until the next run")
     */
    public PeriodicLoop(String name, Duration interval, Duration stopTimeout, Runnable body, String leftOnFailure) {
        Check.argument(!interval.isNegative() && !interval.isZero(), "%s: interval must be positive, was %s", name, interval);
        this.name = name;
        this.interval = interval;
        this.stopTimeout = stopTimeout;
        this.body = body;
        this.leftOnFailure = leftOnFailure;
    }

    /** Starts the loop; idempotent; a closed loop cannot be restarted. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    private void tick() {
        try {
            body.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + " run failed; " + leftOnFailure, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(name + " run still busy after " + stopTimeout + "; interrupting it (its transaction rolls back)");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
