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
    private final boolean returning;
    private final CookieJar cookies = new CookieJar();
    private long nextIntendedNanos;
    private boolean abandoned;
    private boolean started;

    Session(long id, SessionKind kind, long intendedStartNanos, RandomGenerator random) {
        this.id = id;
        this.kind = kind;
        this.nextIntendedNanos = intendedStartNanos;
        this.random = random;
        this.returning = returning(id, kind);
    }

    /**
     * Whether this visitor is a returning customer: it comes back with the persistent cookies of an
     * earlier purchase in the run (the edge attests a purchase with one; docs/loadgen.md). Returning
     * visitors convert several times better than new ones in real shops, so buyers are likelier to be
     * returning here: {@link #returningShare} of each kind. Drawn from a hash of the session id, not
     * from the session's random sequence, so every other choice of a seeded run stays what it was.
     */
    static boolean returning(long id, SessionKind kind) {
        long z = id * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L; // SplitMix64
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < returningShare(kind);
    }

    static double returningShare(SessionKind kind) {
        return switch (kind) {
            case BUY, FLASH_BUY -> 0.6;
            case CART -> 0.4;
            case STATUS -> 1.0; // it reads an order placed earlier: a customer by definition
            case BROWSE, SEARCH -> 0.2;
        };
    }

    boolean returning() {
        return returning;
    }

    /** This visit's cookies, kept like a browser's. */
    CookieJar cookies() {
        return cookies;
    }

    /** True once, before the session's first request: when a returning visitor's browser brings its cookies. */
    boolean start() {
        boolean first = !started;
        started = true;
        return first;
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
