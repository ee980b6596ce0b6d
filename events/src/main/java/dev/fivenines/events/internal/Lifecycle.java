package dev.fivenines.events.internal;

import dev.fivenines.base.state.Transitions;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of a background loop (relay, consumer) as an explicit state machine, plus the stop signal
 * its waits listen to, so a loop blocked in a backoff pause wakes at once when it is closed.
 */
public final class Lifecycle {
    public enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final Transitions<State> MOVES = Transitions.of(State.class, "background loop")
            .allow(State.NEW, State.RUNNING, State.STOPPED)
            .allow(State.RUNNING, State.STOPPING)
            .allow(State.STOPPING, State.STOPPED)
            .terminal(State.STOPPED);

    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public Lifecycle(String name) {
        this.name = name;
    }

    public State state() {
        return state.get();
    }

    /** Moves {@code from -> to}; throws if the machine is not in {@code from} or the move is not allowed. */
    public void transition(State from, State to) {
        MOVES.check(name, from, to);
        if (!state.compareAndSet(from, to)) {
            throw new IllegalStateException(name + ": cannot go " + from + " -> " + to + ", it is " + state.get());
        }
        if (to == State.STOPPING || to == State.STOPPED) {
            stopRequested.countDown();
        }
    }

    /** Like {@link #transition} but returns false instead of throwing when the machine is elsewhere. */
    public boolean tryTransition(State from, State to) {
        MOVES.check(name, from, to);
        boolean moved = state.compareAndSet(from, to);
        if (moved && (to == State.STOPPING || to == State.STOPPED)) {
            stopRequested.countDown();
        }
        return moved;
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Waits up to {@code millis}; returns true as soon as a stop is requested (or the thread is interrupted). */
    public boolean awaitStop(long millis) {
        try {
            return stopRequested.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
