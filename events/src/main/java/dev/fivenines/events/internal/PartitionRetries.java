package dev.fivenines.events.internal;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which partitions are waiting to retry their head record, how often it failed, and when to resume.
 * Only the head record of a partition can be failing (records after it wait, to keep per-key order),
 * so this holds at most one entry per assigned partition. Times are monotonic nanoseconds.
 */
public final class PartitionRetries {
    private record Failing(long offset, int handlerFailures, int infrastructureFailures, long resumeAtNanos, boolean paused,
                           String lastReason) {
    }

    private final Map<TopicPartition, Failing> failing = new HashMap<>();

    /** Handler failures so far of the record at {@code offset} (0 if it has not failed). */
    int handlerFailures(TopicPartition partition, long offset) {
        Failing f = failing.get(partition);
        return f != null && f.offset == offset ? f.handlerFailures : 0;
    }

    /** Why the handler last failed on the record at {@code offset} (null if it has not failed). */
    String lastReason(TopicPartition partition, long offset) {
        Failing f = failing.get(partition);
        return f != null && f.offset == offset ? f.lastReason : null;
    }

    /** Counts one more handler failure of the record; returns the new count. */
    int recordHandlerFailure(TopicPartition partition, long offset, String reason) {
        Failing f = current(partition, offset);
        Failing next = new Failing(offset, f.handlerFailures + 1, f.infrastructureFailures, f.resumeAtNanos, f.paused, reason);
        failing.put(partition, next);
        return next.handlerFailures;
    }

    /** Counts one more failure that was not the event's fault; returns the consecutive failures in all. */
    int recordInfrastructureFailure(TopicPartition partition, long offset) {
        Failing f = current(partition, offset);
        Failing next = new Failing(offset, f.handlerFailures, f.infrastructureFailures + 1, f.resumeAtNanos, f.paused,
                f.lastReason);
        failing.put(partition, next);
        return next.handlerFailures + next.infrastructureFailures;
    }

    public int consecutiveFailures(TopicPartition partition) {
        Failing f = failing.get(partition);
        return f == null ? 0 : f.handlerFailures + f.infrastructureFailures;
    }

    /** The partition is paused until {@code resumeAtNanos}. */
    public void pauseUntil(TopicPartition partition, long resumeAtNanos) {
        Failing f = failing.get(partition);
        if (f == null) {
            throw new IllegalStateException("pausing " + partition + " which has no failing record");
        }
        failing.put(partition, new Failing(f.offset, f.handlerFailures, f.infrastructureFailures, resumeAtNanos, true, f.lastReason));
    }

    /** Paused partitions whose wait is over; they are marked resumed. */
    public List<TopicPartition> resumeDue(long nowNanos) {
        List<TopicPartition> due = new ArrayList<>();
        failing.replaceAll((partition, f) -> {
            if (f.paused && nowNanos - f.resumeAtNanos >= 0) {
                due.add(partition);
                return new Failing(f.offset, f.handlerFailures, f.infrastructureFailures, f.resumeAtNanos, false, f.lastReason);
            }
            return f;
        });
        return due;
    }

    /** Nanoseconds until the next paused partition may resume; {@code Long.MAX_VALUE} if none is paused. */
    public long nanosUntilNextResume(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (Failing f : failing.values()) {
            if (f.paused) {
                next = Math.min(next, Math.max(0, f.resumeAtNanos - nowNanos));
            }
        }
        return next;
    }

    /** The head record succeeded or was parked. */
    void clear(TopicPartition partition) {
        failing.remove(partition);
    }

    /** The partitions were revoked or lost: their next owner starts counting afresh. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(failing::remove);
    }

    private Failing current(TopicPartition partition, long offset) {
        Failing f = failing.get(partition);
        return f != null && f.offset == offset ? f : new Failing(offset, 0, 0, 0, false, null);
    }
}
