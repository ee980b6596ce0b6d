package dev.fivenines.base;

import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Makes identifiers from an injected clock and random source, so tests and simulations are
 * replayable. Ids are time-ordered UUIDs (version 7 layout): they sort by creation time, which keeps
 * index inserts local and makes logs easier to read.
 */
public final class Ids {
    private final LongSupplier epochMillis;
    private final RandomGenerator random;

    public Ids(LongSupplier epochMillis, RandomGenerator random) {
        this.epochMillis = epochMillis;
        this.random = random;
    }

    public UUID next() {
        long millis = epochMillis.getAsLong();
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    public String nextString() {
        return next().toString();
    }

    /** Parses a client-supplied id; a malformed one is the client's mistake, reported as such. */
    public static UUID parse(String field, String value) {
        try {
            if (value == null || value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid(java.util.List.of(
                    new Problem.FieldError(field, "must be a UUID, was '" + abbreviate(value) + "'"))));
        }
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
