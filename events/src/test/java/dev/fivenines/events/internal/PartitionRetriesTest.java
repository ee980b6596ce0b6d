package dev.fivenines.events.internal;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionRetriesTest {
    private final TopicPartition p0 = new TopicPartition("orders", 0);
    private final TopicPartition p1 = new TopicPartition("orders", 1);
    private final PartitionRetries retries = new PartitionRetries();

    @Test
    void given_a_record_failing_repeatedly_then_its_attempts_count_up_and_reset_for_the_next_record() {
        assertThat(retries.recordHandlerFailure(p0, 10, "boom")).isEqualTo(1);
        assertThat(retries.recordHandlerFailure(p0, 10, "boom")).isEqualTo(2);
        assertThat(retries.handlerFailures(p0, 10)).isEqualTo(2);

        assertThat(retries.handlerFailures(p0, 11)).isZero();
        assertThat(retries.recordHandlerFailure(p0, 11, "bang")).isEqualTo(1);
        assertThat(retries.lastReason(p0, 11)).isEqualTo("bang");
        assertThat(retries.lastReason(p0, 10)).isNull();
    }

    @Test
    void given_database_outages_then_they_delay_but_never_count_as_handler_attempts() {
        retries.recordHandlerFailure(p0, 5, "down");
        assertThat(retries.recordInfrastructureFailure(p0, 5)).isEqualTo(2);
        assertThat(retries.recordInfrastructureFailure(p0, 5)).isEqualTo(3);

        assertThat(retries.handlerFailures(p0, 5)).isEqualTo(1);
        assertThat(retries.lastReason(p0, 5)).isEqualTo("down");
        assertThat(retries.consecutiveFailures(p0)).isEqualTo(3);
    }

    @Test
    void given_two_paused_partitions_then_each_resumes_when_its_own_wait_is_over() {
        retries.recordHandlerFailure(p0, 1, "x");
        retries.recordHandlerFailure(p1, 7, "y");
        retries.pauseUntil(p0, 1_000);
        retries.pauseUntil(p1, 5_000);

        assertThat(retries.nanosUntilNextResume(400)).isEqualTo(600);
        assertThat(retries.resumeDue(999)).isEmpty();
        assertThat(retries.resumeDue(1_000)).containsExactly(p0);
        assertThat(retries.resumeDue(1_001)).isEmpty();
        assertThat(retries.nanosUntilNextResume(1_001)).isEqualTo(3_999);
        assertThat(retries.resumeDue(6_000)).containsExactly(p1);
        assertThat(retries.nanosUntilNextResume(6_000)).isEqualTo(Long.MAX_VALUE);
        // Resumed but still failing: the attempt count survives the pause.
        assertThat(retries.handlerFailures(p1, 7)).isEqualTo(1);
    }

    @Test
    void given_a_revoked_partition_then_its_retry_state_is_forgotten() {
        retries.recordHandlerFailure(p0, 1, "x");
        retries.pauseUntil(p0, 10);

        retries.forget(List.of(p0));

        assertThat(retries.handlerFailures(p0, 1)).isZero();
        assertThat(retries.resumeDue(100)).isEmpty();
    }
}
