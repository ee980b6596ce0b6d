package dev.fivenines.slo.budget;

import dev.fivenines.base.Check;

/** Good and total events over some span; bad = total - good. */
public record Counts(long good, long total) {
    public static final Counts ZERO = new Counts(0, 0);

    public Counts {
        Check.argument(good >= 0 && total >= good, "need 0 <= good <= total, was good %s of %s", good, total);
    }

    public static Counts ofBad(long bad, long total) {
        return new Counts(total - bad, total);
    }

    public long bad() {
        return total - good;
    }

    /** bad / total; 0 with no events (no traffic spends no budget). */
    public double errorRatio() {
        return total == 0 ? 0 : (double) bad() / total;
    }

    public Counts plus(Counts other) {
        return new Counts(Math.addExact(good, other.good), Math.addExact(total, other.total));
    }
}
