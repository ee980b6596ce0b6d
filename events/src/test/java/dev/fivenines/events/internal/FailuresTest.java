package dev.fivenines.events.internal;

import dev.fivenines.db.DatabaseException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    @Test
    void given_a_lost_connection_then_it_is_the_infrastructure_not_the_event() {
        var failure = new DatabaseException("transaction failed", new SQLException("connection refused", "08001"));
        assertThat(Failures.isInfrastructure(failure)).isTrue();
    }

    @Test
    void given_an_exhausted_pool_then_it_is_the_infrastructure() {
        var failure = new DatabaseException("no connection", new SQLTransientConnectionException("timed out"));
        assertThat(Failures.isInfrastructure(failure)).isTrue();
    }

    @Test
    void given_an_admin_shutdown_or_statement_timeout_then_it_is_the_infrastructure() {
        assertThat(Failures.isInfrastructure(new SQLException("terminating", "57P01"))).isTrue();
        assertThat(Failures.isInfrastructure(new SQLException("canceled", "57014"))).isTrue();
    }

    @Test
    void given_a_constraint_violation_or_a_plain_bug_then_it_is_the_event_handling_that_failed() {
        assertThat(Failures.isInfrastructure(new DatabaseException("x", new SQLException("duplicate", "23505")))).isFalse();
        assertThat(Failures.isInfrastructure(new IllegalStateException("bug"))).isFalse();
    }
}
