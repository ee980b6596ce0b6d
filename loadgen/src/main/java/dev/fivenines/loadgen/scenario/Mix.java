package dev.fivenines.loadgen.scenario;

import dev.fivenines.base.ConfigException;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Relative weights of session kinds; a kind is picked with probability weight / total. */
public final class Mix {
    public static final int MAX_WEIGHT = 1_000_000;

    private final Map<SessionKind, Integer> weights;
    private final int total;

    public Mix(Map<SessionKind, Integer> weights) {
        EnumMap<SessionKind, Integer> copy = new EnumMap<>(SessionKind.class);
        int sum = 0;
        for (Map.Entry<SessionKind, Integer> e : weights.entrySet()) {
            int w = e.getValue();
            if (w < 0 || w > MAX_WEIGHT) {
                throw new ConfigException("mix." + e.getKey().key() + " must be in [0, " + MAX_WEIGHT + "], was " + w);
            }
            if (w > 0) {
                copy.put(e.getKey(), w);
                sum += w;
            }
        }
        if (sum == 0) {
            throw new ConfigException("mix must give at least one session kind a weight > 0 (kinds: "
                    + SessionKind.knownKeys() + ")");
        }
        this.weights = Collections.unmodifiableMap(copy);
        this.total = sum;
    }

    public static Mix only(SessionKind kind) {
        return new Mix(Map.of(kind, 1));
    }

    public SessionKind pick(RandomGenerator random) {
        int r = random.nextInt(total);
        for (Map.Entry<SessionKind, Integer> e : weights.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("invariant violated: weights sum to " + total + " but none picked");
    }

    public Map<SessionKind, Integer> weights() {
        return weights;
    }

    public boolean includes(SessionKind kind) {
        return weights.containsKey(kind);
    }

    @Override
    public String toString() {
        return weights.toString();
    }
}
