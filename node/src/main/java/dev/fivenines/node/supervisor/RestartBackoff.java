package dev.fivenines.node.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Crash-loop back-off for one supervised process, as a kubelet's {@code restartPolicy: Always}:
 * the n-th consecutive exit waits {@code initialDelay * 2^(n-1)}, capped at {@code maxDelay}, before
 * the next start; a process that ran for {@code stableAfter} since its last start counts as healthy
 * again, so its next exit starts over at the initial delay.
 *
 * <p>Protocol: call {@link #started()} whenever the process is (re)started and {@link #exited()} when
 * it exits or fails to start; {@code exited} returns how long to wait. Not thread-safe: its owner
 * serialises the calls.
 */
public final class RestartBackoff {
    /** The first restart waits this long: a process that exits at once does not spin. */
    public static final Duration INITIAL_DELAY = Duration.ofSeconds(1);
    /** No restart waits longer than this: a crash loop still tries every five minutes. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);
    /** Running this long since its last start forgives a process its earlier exits. */
    public static final Duration STABLE_AFTER = Duration.ofMinutes(10);

    /** The delays; validated when built. */
    public record Policy(Duration initialDelay, Duration maxDelay, Duration stableAfter) {
        public static final Policy DEFAULT = new Policy(INITIAL_DELAY, MAX_DELAY, STABLE_AFTER);

        public Policy {
            Objects.requireNonNull(initialDelay, "initialDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(stableAfter, "stableAfter");
            if (initialDelay.isNegative() || initialDelay.isZero()) {
                throw new IllegalArgumentException("initialDelay must be > 0, was " + initialDelay);
            }
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
            }
            if (stableAfter.isNegative() || stableAfter.isZero()) {
                throw new IllegalArgumentException("stableAfter must be > 0, was " + stableAfter);
            }
        }

        /** The wait before restart number {@code attempt} (1 for the first restart after a stable run). */
        public Duration delay(int attempt) {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
            }
            Duration delay = initialDelay;
            // Doubling stops at the cap, so a long crash loop never overflows.
            for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    private final Policy policy;
    private final Clock clock;
    private int attempt;
    private Instant startedAt;

    public RestartBackoff(Policy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The process was (re)started now. */
    public void started() {
        startedAt = clock.instant();
    }

    /**
     * The process exited (or could not be started) now. Returns the wait before the next start and
     * counts it as the next {@link #attempt()}.
     */
    public Duration exited() {
        if (startedAt != null && !Duration.between(startedAt, clock.instant()).minus(policy.stableAfter()).isNegative()) {
            attempt = 0;
        }
        startedAt = null;
        attempt++;
        return policy.delay(attempt);
    }

    /** The number of the restart {@link #exited()} last scheduled: 1 after the first exit, 0 before any. */
    public int attempt() {
        return attempt;
    }

    /** How long the process has run since its last start, or zero when it is not running. */
    public Duration uptime() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, clock.instant());
    }
}
