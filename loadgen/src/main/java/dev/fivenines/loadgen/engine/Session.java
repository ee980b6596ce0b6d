package dev.fivenines.loadgen.engine;

import dev.fivenines.loadgen.scenario.SessionKind;

import java.util.random.RandomGenerator;

/**
 * One user's visit. Its first operation is due at the session's intended start; each later one is
 * due as soon as the previous one ended (a user clicks on when the page arrives), so a late start
 * is charged once, to the operation that suffered it.
 */
final class Session {
    private final long id;
    private final SessionKind kind;
    private final RandomGenerator random;
    private long nextIntendedNanos;
    private boolean abandoned;

    Session(long id, SessionKind kind, long intendedStartNanos, RandomGenerator random) {
        this.id = id;
        this.kind = kind;
        this.nextIntendedNanos = intendedStartNanos;
        this.random = random;
    }

    long id() {
        return id;
    }

    SessionKind kind() {
        return kind;
    }

    RandomGenerator random() {
        return random;
    }

    long nextIntendedNanos() {
        return nextIntendedNanos;
    }

    void nextDueAt(long nanos) {
        nextIntendedNanos = nanos;
    }

    boolean abandoned() {
        return abandoned;
    }

    void abandon() {
        abandoned = true;
    }
}
