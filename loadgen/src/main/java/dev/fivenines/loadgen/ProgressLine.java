package dev.fivenines.loadgen;

import dev.fivenines.loadgen.engine.Ticker;
import dev.fivenines.loadgen.schedule.RateCurve;
import dev.fivenines.loadgen.stats.Outcome;
import dev.fivenines.loadgen.stats.Stats;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The live status line on a terminal, rewritten in place once a second: elapsed time, sessions
 * started in the last complete second against the rate asked for, in flight, dropped, errors by
 * class and the last complete second's p99.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintStream out;
    private final Ticker ticker;
    private final Stats stats;
    private final RateCurve curve;
    private final LongSupplier runStartNanos;
    private final IntSupplier inFlight;
    private final boolean sequential;
    private final Thread thread;
    private volatile boolean stopped;

    ProgressLine(PrintStream out, Ticker ticker, Stats stats, RateCurve curve, LongSupplier runStartNanos,
                 IntSupplier inFlight, boolean sequential) {
        this.out = out;
        this.ticker = ticker;
        this.stats = stats;
        this.curve = curve;
        this.runStartNanos = runStartNanos;
        this.inFlight = inFlight;
        this.sequential = sequential;
        this.thread = Thread.ofVirtual().name("loadgen-progress").start(this::loop);
    }

    private void loop() {
        long next = ticker.nanoTime() + 1_000_000_000L;
        while (!stopped) {
            try {
                ticker.sleepUntil(next);
            } catch (InterruptedException e) {
                return;
            }
            next += 1_000_000_000L;
            long start = runStartNanos.getAsLong();
            if (start != 0 && !stopped) {
                out.print("\r" + line(ticker.nanoTime() - start) + "\u001b[K");
                out.flush();
            }
        }
    }

    String line(long elapsedNanos) {
        Stats.Progress p = stats.progress(elapsedNanos);
        double target = sequential ? 0 : curve.rateAt(elapsedNanos - 2_000_000_000L);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%5ds", elapsedNanos / 1_000_000_000L));
        if (sequential) {
            b.append(String.format(Locale.ROOT, "  %d sessions", p.sessionsStarted()));
        } else {
            b.append(String.format(Locale.ROOT, "/%ds  rate %d/%.0f per s", curve.totalNanos() / 1_000_000_000L,
                    p.lastSecondStarted(), target));
        }
        b.append(String.format(Locale.ROOT, "  in flight %d  dropped %d  p99 %.1f ms  errors ", inFlight.getAsInt(),
                p.sessionsDropped(), p.lastSecondP99Ms()));
        if (p.errors().isEmpty()) {
            b.append("0");
        } else {
            for (Map.Entry<Outcome, Long> e : p.errors().entrySet()) {
                b.append(e.getKey().key()).append('=').append(e.getValue()).append(' ');
            }
        }
        return b.toString().trim();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println();
    }
}
