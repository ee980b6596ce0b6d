package dev.fivenines.edge;

import dev.fivenines.base.Backoff;
import dev.fivenines.traffic.client.AdaptiveThrottle;
import dev.fivenines.traffic.client.RetryBudget;
import dev.fivenines.traffic.outlier.OutlierDetector;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How the edge treats one upstream role as a client: outlier ejection of its instances, a retry
 * budget, SRE adaptive throttling and jittered backoff. One per pool, so one failing role cannot
 * spend another's retry budget.
 */
public record UpstreamPolicy(OutlierDetector outliers, RetryBudget retryBudget, AdaptiveThrottle throttle, Backoff backoff,
                             DoubleSupplier random) {

    /** The shipped defaults on the system clock; roles build theirs from config. */
    public static UpstreamPolicy defaults() {
        LongSupplier nanoTime = System::nanoTime;
        DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        return new UpstreamPolicy(new OutlierDetector(OutlierDetector.Settings.defaults(), nanoTime),
                new RetryBudget(0.1, 5, nanoTime),
                new AdaptiveThrottle(2.0, TimeUnit.SECONDS.toNanos(60), nanoTime, random),
                Backoff.fullJitter(5, 100, 2.0),
                random);
    }
}
