package dev.fivenines.inventory;

import dev.fivenines.base.Check;

import java.time.Duration;

/**
 * Where a client sends its {@link ReadConsistency.Bounded bounded} reads, and how long it waits
 * there before it falls back to a strong read at the leader.
 *
 * @param preferredReplica 1-based position of the nearby replica in each group's peer list, wrapped
 *                         modulo the group's size (so shop instance k can pass k); 0 = none, bounded
 *                         reads are then served strong by the leader
 * @param deadline         longest wait for the nearby replica; short, because the caller is a product
 *                         page and the fallback still has to fit in its budget
 */
public record BoundedReadPolicy(int preferredReplica, Duration deadline) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(250);
    public static final BoundedReadPolicy NONE = new BoundedReadPolicy(0, DEFAULT_DEADLINE);

    public BoundedReadPolicy {
        Check.inRange("preferredReplica", preferredReplica, 0, 1_000);
        Check.inRange("deadline millis", deadline.toMillis(), 10, 10_000);
    }

    /** Shop instance {@code k} (1-based) reads from replica ((k-1) mod n) + 1 of every group. */
    public static BoundedReadPolicy forInstance(int instance) {
        Check.argument(instance >= 1, "instance must be >= 1, was %s", instance);
        return new BoundedReadPolicy(instance, DEFAULT_DEADLINE);
    }

    /** 0-based index into a peer list of {@code groupSize}, or -1 if no replica is preferred. */
    public int indexIn(int groupSize) {
        Check.argument(groupSize >= 1, "groupSize must be >= 1, was %s", groupSize);
        return preferredReplica == 0 ? -1 : (preferredReplica - 1) % groupSize;
    }
}
