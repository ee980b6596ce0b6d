package dev.fivenines.inventory;

import dev.fivenines.base.Check;

import java.time.Duration;
import java.util.Objects;

/**
 * How fresh a stock read must be, chosen per call.
 *
 * <ul>
 *   <li>{@link Strong}: linearizable; reflects every reservation acknowledged before the read began.
 *       The only consistency checkout may use.</li>
 *   <li>{@link Bounded}: may miss changes made in the last {@code maxStaleness}, in exchange for being
 *       served by a nearby replica without a round trip to the leader. For "in stock" badges.</li>
 * </ul>
 */
public sealed interface ReadConsistency {
    /** Longest staleness a bounded read may accept: beyond a minute the figure is not worth showing. */
    Duration MAX_BOUND = Duration.ofMinutes(1);

    Strong STRONG = new Strong();

    static Bounded bounded(Duration maxStaleness) {
        return new Bounded(maxStaleness);
    }

    record Strong() implements ReadConsistency {
    }

    record Bounded(Duration maxStaleness) implements ReadConsistency {
        public Bounded {
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            Check.argument(!maxStaleness.isNegative() && maxStaleness.compareTo(MAX_BOUND) <= 0,
                    "maxStaleness must be in [0, %s], was %s", MAX_BOUND, maxStaleness);
        }
    }
}
