package dev.fivenines.traffic.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final OutlierDetector detector = new OutlierDetector(new OutlierDetector.Settings(3, 500, 1_000, 50, 1_000), clock::get);

    @Test
    void givenThreeConsecutiveErrorsTheInstanceIsEjectedThenReturnsGradually() {
        OutlierDetector.Host a = detector.register("shop-1");
        detector.register("shop-2");
        detector.onFailure(a);
        detector.onFailure(a);
        assertThat(detector.ejected(a)).isFalse();
        detector.onFailure(a);
        assertThat(detector.ejected(a)).isTrue();
        assertThat(detector.weight(a)).isZero();

        clock.addAndGet(1_000 * MS);
        assertThat(detector.ejected(a)).isFalse();
        assertThat(detector.weight(a)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.001));
        clock.addAndGet(500 * MS);
        assertThat(detector.weight(a)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(0.001));
        clock.addAndGet(500 * MS);
        assertThat(detector.weight(a)).isEqualTo(1.0);
    }

    @Test
    void givenASuccessBetweenErrorsTheCountStartsOver() {
        OutlierDetector.Host a = detector.register("shop-1");
        detector.register("shop-2");
        detector.onFailure(a);
        detector.onFailure(a);
        detector.onSuccess(a, MS);
        detector.onFailure(a);
        detector.onFailure(a);
        assertThat(detector.ejected(a)).isFalse();
    }

    @Test
    void givenASlowInstanceItIsEjectedAndASecondEjectionLastsLonger() {
        OutlierDetector.Host a = detector.register("shop-1");
        detector.register("shop-2");
        for (int i = 0; i < 5; i++) {
            detector.onSuccess(a, 900 * MS);
        }
        assertThat(detector.ejected(a)).isTrue();
        clock.addAndGet(1_000 * MS);
        for (int i = 0; i < 3; i++) {
            detector.onFailure(a);
        }
        assertThat(detector.ejections(a)).isEqualTo(2);
        clock.addAndGet(1_500 * MS);
        assertThat(detector.ejected(a)).as("second ejection lasts 2x base").isTrue();
        clock.addAndGet(500 * MS);
        assertThat(detector.ejected(a)).isFalse();
    }

    @Test
    void givenAnInstanceStaysInRotationAfterAnEjection_thenItsNextEjectionIsShorterAgain() {
        OutlierDetector.Host a = detector.register("shop-1");
        detector.register("shop-2");
        for (int round = 0; round < 3; round++) { // ejected for 1 s, 2 s, 3 s back to back
            for (int i = 0; i < 3; i++) {
                detector.onFailure(a);
            }
            clock.addAndGet((round + 1) * 1_000 * MS);
        }
        assertThat(detector.ejected(a)).isFalse();

        clock.addAndGet(2_000 * MS); // two base ejection times in rotation: the multiplier drops from 3 to 1
        for (int i = 0; i < 3; i++) {
            detector.onFailure(a);
        }
        clock.addAndGet(1_999 * MS);
        assertThat(detector.ejected(a)).as("ejected for 2 s (multiplier 1 + 1)").isTrue();
        clock.addAndGet(1 * MS);
        assertThat(detector.ejected(a)).isFalse();
        assertThat(detector.ejections(a)).isEqualTo(4);
    }

    @Test
    void givenEveryInstanceEquallySlow_thenNoneIsEjected_butOneMuchSlowerThanAFastPeerIs() {
        OutlierDetector.Host a = detector.register("shop-1");
        OutlierDetector.Host b = detector.register("shop-2");
        for (int i = 0; i < 5; i++) {
            detector.onSuccess(b, 100 * MS);
            detector.onSuccess(a, 100 * MS);
        }
        // then the whole pool slows down together, well past slowMillis (500 ms)
        for (int i = 0; i < 10; i++) {
            detector.onSuccess(b, 800 * MS);
            detector.onSuccess(a, 900 * MS);
        }
        assertThat(detector.ejected(a)).as("the pool is overloaded, not shop-1 broken").isFalse();
        assertThat(detector.ejected(b)).isFalse();

        for (int i = 0; i < 20; i++) {
            detector.onSuccess(b, 50 * MS);
        }
        detector.onSuccess(a, 900 * MS);
        assertThat(detector.ejected(a)).as("shop-2 is now more than twice as fast").isTrue();
    }

    @Test
    void givenBothInstancesTimingOutAlikeUnderOverload_thenStreaksEjectNeither() {
        OutlierDetector detector = new OutlierDetector(OutlierDetector.Settings.defaults(), clock::get);
        OutlierDetector.Host a = detector.register("shop-1");
        OutlierDetector.Host b = detector.register("shop-2");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int streaksOfA = 0;
        int run = 0;
        // a flood: each request to either shop times out 40% of the time, at random
        for (int i = 0; i < 10_000; i++) {
            OutlierDetector.Host host = i % 2 == 0 ? a : b;
            if (random.nextDouble() < 0.4) {
                detector.onFailure(host);
                if (host == a && ++run == 5) {
                    streaksOfA++;
                }
            } else {
                detector.onSuccess(host, 100 * MS);
                if (host == a) {
                    run = 0;
                }
            }
        }
        assertThat(streaksOfA).as("the flood did produce streaks long enough to eject").isGreaterThan(5);
        assertThat(detector.ejections(a)).isZero();
        assertThat(detector.ejections(b)).isZero();
        assertThat(detector.failureRate(a)).isBetween(0.2, 0.6);
    }

    @Test
    void givenOneInstanceFailsWhileItsPeerSucceeds_thenItIsEjected() {
        OutlierDetector.Host a = detector.register("shop-1");
        OutlierDetector.Host b = detector.register("shop-2");
        for (int i = 0; i < 20; i++) {
            detector.onSuccess(a, 100 * MS);
            detector.onSuccess(b, 100 * MS);
        }
        for (int i = 0; i < 3; i++) {
            detector.onFailure(a);
            detector.onSuccess(b, 100 * MS);
        }
        assertThat(detector.ejected(a)).isTrue();
        assertThat(detector.ejected(b)).isFalse();
    }

    @Test
    void givenAnUnreachableInstance_thenItIsEjectedEvenWhenItsPeerFailsToo() {
        OutlierDetector.Host a = detector.register("shop-1");
        OutlierDetector.Host b = detector.register("shop-2");
        // both fail every other request: neither streak reaches three
        for (int i = 0; i < 20; i++) {
            detector.onFailure(b);
            detector.onFailure(a);
            detector.onSuccess(b, 100 * MS);
            detector.onSuccess(a, 100 * MS);
        }
        for (int i = 0; i < 3; i++) {
            detector.onUnreachable(a);
        }
        assertThat(detector.ejected(a)).isTrue();
        assertThat(detector.ejected(b)).as("at most half of the pool is out").isFalse();
    }

    @Test
    void givenOverloadAnswers_thenTheyNeitherEjectNorBreakAStreak() {
        OutlierDetector.Host a = detector.register("shop-1");
        detector.register("shop-2");
        for (int i = 0; i < 50; i++) {
            detector.onOverloaded(a);
        }
        assertThat(detector.ejected(a)).isFalse();
        assertThat(detector.overloadAnswers(a)).isEqualTo(50);
        detector.onFailure(a);
        detector.onFailure(a);
        detector.onOverloaded(a);
        detector.onFailure(a);
        assertThat(detector.ejected(a)).isTrue();
    }

    @Test
    void givenHalfThePoolIsOutTheNextOutlierIsKeptSoThePoolNeverEmpties() {
        OutlierDetector.Host a = detector.register("shop-1");
        OutlierDetector.Host b = detector.register("shop-2");
        for (int i = 0; i < 3; i++) {
            detector.onFailure(a);
            detector.onFailure(b);
        }
        assertThat(detector.ejected(a)).isTrue();
        assertThat(detector.ejected(b)).isFalse();
    }

    @Test
    void givenTheOnlyInstanceKeepsFailingItIsKeptAndThatIsLoggedOncePerEjectionTimeNotPerRequest() {
        OutlierDetector.Host only = detector.register("recommendations-1");
        List<String> lines = new ArrayList<>();
        Logger log = Logger.getLogger(OutlierDetector.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            for (int i = 0; i < 100; i++) {
                detector.onFailure(only);
            }
            clock.addAndGet(1_000 * MS);
            detector.onFailure(only);
        } finally {
            log.removeHandler(capture);
        }

        assertThat(detector.ejected(only)).isFalse();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("keeping it (98 such decisions since the last line)");
    }
}
