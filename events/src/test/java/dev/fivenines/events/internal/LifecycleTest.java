package dev.fivenines.events.internal;

import dev.fivenines.events.internal.Lifecycle.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {
    @Test
    void given_a_running_loop_when_stopping_then_waits_end_at_once() {
        Lifecycle lifecycle = new Lifecycle("relay");
        lifecycle.transition(State.NEW, State.RUNNING);
        assertThat(lifecycle.stopRequested()).isFalse();

        lifecycle.transition(State.RUNNING, State.STOPPING);

        assertThat(lifecycle.stopRequested()).isTrue();
        assertThat(lifecycle.awaitStop(60_000)).isTrue();
    }

    @Test
    void given_a_stopped_loop_then_it_cannot_be_started_again() {
        Lifecycle lifecycle = new Lifecycle("relay");
        lifecycle.transition(State.NEW, State.STOPPED);

        assertThatThrownBy(() -> lifecycle.transition(State.STOPPED, State.RUNNING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("relay: illegal transition STOPPED -> RUNNING");
    }

    @Test
    void given_a_loop_not_in_the_expected_state_then_the_transition_says_where_it_is() {
        Lifecycle lifecycle = new Lifecycle("consumer");

        assertThatThrownBy(() -> lifecycle.transition(State.RUNNING, State.STOPPING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("consumer: cannot go RUNNING -> STOPPING, it is NEW");
        assertThat(lifecycle.tryTransition(State.RUNNING, State.STOPPING)).isFalse();
        assertThat(lifecycle.state()).isEqualTo(State.NEW);
    }
}
