package dev.fivenines.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Closed-loop load: {@code buyers} virtual threads call the operation back to back for warmup + measure. */
final class Load {
    private static final Logger LOG = Logger.getLogger(Load.class.getName());

    /**
     * @param cpuMillis CPU the measured processes spent in the measured window (0 when none were given)
     */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, long errors, long cpuMillis) {
        /** CPU microseconds of the measured processes per successful operation. */
        double cpuMicrosPerOp(Duration measure) {
            double ops = opsPerSecond * measure.toNanos() / 1e9;
            return ops == 0 ? 0 : cpuMillis * 1000.0 / ops;
        }
    }

    private Load() {
    }

    static Result run(int buyers, Duration warmup, Duration measure, BooleanSupplier operation) throws InterruptedException {
        return run(buyers, warmup, measure, operation, () -> 0);
    }

    /** As above, also reading {@code cpuMillis} (cumulative CPU of the engine's processes) when the measured window opens and closes. */
    static Result run(int buyers, Duration warmup, Duration measure, BooleanSupplier operation, LongSupplier cpuMillis)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    boolean success;
                    try {
                        success = operation.getAsBoolean();
                    } catch (RuntimeException e) {
                        success = false;
                        if (errors.incrementAndGet() <= 3) {
                            LOG.log(Level.WARNING, "operation failed (first 3 logged)", e);
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        if (success) {
                            ok.incrementAndGet();
                            recorder.recordValue(Math.max(1, (t1 - t0) / 1_000));
                        }
                    }
                }
            }));
        }
        // The window is timed on this thread: a benchmark, not a test, so sleeping to its edges is fine.
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long cpuBefore = cpuMillis.getAsLong();
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        long cpuUsed = cpuMillis.getAsLong() - cpuBefore;
        for (Thread thread : threads) {
            thread.join(measure.plus(warmup).plusSeconds(60).toMillis());
        }
        Histogram histogram = recorder.getIntervalHistogram();
        double seconds = measure.toNanos() / 1e9;
        return new Result(ok.get() / seconds, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, errors.get(), cpuUsed);
    }
}
