package dev.fivenines.traffic.admission;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.traffic.Criticality;

import java.util.List;
import java.util.Locale;

/**
 * Settings of one {@link AdmissionController}; validated when built, immutable.
 *
 * @param limitAlgorithm     {@code gradient2}, {@code vegas} or {@code fixed}
 * @param initialLimit       in-flight limit at start (and the limit itself when fixed)
 * @param minLimit           the adaptive limit never goes below this
 * @param maxLimit           the adaptive limit never goes above this
 * @param classShares        per class, most critical first: the fraction of the limit that class may fill
 *                           (1.0 for CRITICAL_PLUS). A lower class stops at its share, so the rest of the
 *                           limit is always headroom that only more critical classes can use.
 * @param queueCapacity      waiters per class; a full queue evicts its lowest-value waiter or rejects
 * @param queueTimeoutMillis longest a request may wait for a slot when the queue is healthy
 * @param codelTargetMillis  longest a request may wait once the queue is standing (CoDel target)
 * @param codelIntervalMillis a queue not empty for this long is standing: newest-first, short timeout
 * @param retryAfterSeconds  Retry-After sent with an overload 503 for the most critical class; less
 *                           critical classes are told to wait proportionally longer
 */
public record AdmissionConfig(String limitAlgorithm, int initialLimit, int minLimit, int maxLimit,
                              List<Double> classShares, int queueCapacity, int queueTimeoutMillis,
                              int codelTargetMillis, int codelIntervalMillis, int retryAfterSeconds) {

    public static final List<String> ALGORITHMS = List.of("gradient2", "vegas", "fixed");
    public static final List<Double> DEFAULT_SHARES = List.of(1.0, 0.9, 0.75, 0.5);

    public AdmissionConfig {
        if (limitAlgorithm == null || !ALGORITHMS.contains(limitAlgorithm.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("traffic.admission.limitAlgorithm must be one of " + ALGORITHMS + ", was '"
                    + limitAlgorithm + "'");
        }
        limitAlgorithm = limitAlgorithm.toLowerCase(Locale.ROOT);
        Check.inRange("traffic.admission.minLimit", minLimit, 1, 100_000);
        Check.inRange("traffic.admission.maxLimit", maxLimit, minLimit, 100_000);
        Check.inRange("traffic.admission.initialLimit", initialLimit, minLimit, maxLimit);
        if (classShares == null || classShares.size() != Criticality.values().length) {
            throw new ConfigException("traffic.admission.classShares must list " + Criticality.values().length
                    + " fractions (most critical first), was " + classShares);
        }
        for (int i = 0; i < classShares.size(); i++) {
            Check.inRange("traffic.admission.classShares[" + i + "]", classShares.get(i), 0.01, 1.0);
            if (i > 0 && classShares.get(i) > classShares.get(i - 1)) {
                throw new ConfigException("traffic.admission.classShares must not grow as criticality falls, was "
                        + classShares);
            }
        }
        if (classShares.get(0) != 1.0) {
            throw new ConfigException("traffic.admission.classShares[0] (CRITICAL_PLUS) must be 1.0, was "
                    + classShares.get(0));
        }
        classShares = List.copyOf(classShares);
        Check.inRange("traffic.admission.queueCapacity", queueCapacity, 0, 100_000);
        Check.inRange("traffic.admission.queueTimeoutMillis", queueTimeoutMillis, 0, 60_000);
        Check.inRange("traffic.admission.codelTargetMillis", codelTargetMillis, 0, queueTimeoutMillis);
        Check.inRange("traffic.admission.codelIntervalMillis", codelIntervalMillis, 1, 60_000);
        Check.inRange("traffic.admission.retryAfterSeconds", retryAfterSeconds, 1, 3_600);
    }

    public static final String DEFAULT_ALGORITHM = "gradient2";
    public static final int DEFAULT_INITIAL_LIMIT = 64;
    public static final int DEFAULT_MIN_LIMIT = 8;
    public static final int DEFAULT_MAX_LIMIT = 512;
    public static final int DEFAULT_QUEUE_CAPACITY = 128;
    public static final int DEFAULT_QUEUE_TIMEOUT_MILLIS = 100;
    public static final int DEFAULT_CODEL_TARGET_MILLIS = 5;
    public static final int DEFAULT_CODEL_INTERVAL_MILLIS = 100;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    public static AdmissionConfig defaults() {
        return builder().build();
    }

    /** Every field starts at its named default; {@link Builder#build} validates as the constructor does. */
    public static Builder builder() {
        return new Builder();
    }

    public static AdmissionConfig fixed(int limit, int queueCapacity, int queueTimeoutMillis) {
        return new AdmissionConfig("fixed", limit, limit, limit, DEFAULT_SHARES, queueCapacity, queueTimeoutMillis,
                Math.min(5, queueTimeoutMillis), 100, 1);
    }

    public static final class Builder {
        private String limitAlgorithm = DEFAULT_ALGORITHM;
        private int initialLimit = DEFAULT_INITIAL_LIMIT;
        private int minLimit = DEFAULT_MIN_LIMIT;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private List<Double> classShares = DEFAULT_SHARES;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int queueTimeoutMillis = DEFAULT_QUEUE_TIMEOUT_MILLIS;
        private int codelTargetMillis = DEFAULT_CODEL_TARGET_MILLIS;
        private int codelIntervalMillis = DEFAULT_CODEL_INTERVAL_MILLIS;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;

        private Builder() {
        }

        /** The {@code fixed} algorithm at {@code limit}: initial, min and max limits all {@code limit}. */
        public Builder fixedLimit(int limit) {
            return limitAlgorithm("fixed").limits(limit, limit, limit);
        }

        public Builder limitAlgorithm(String limitAlgorithm) {
            this.limitAlgorithm = limitAlgorithm;
            return this;
        }

        public Builder limits(int initialLimit, int minLimit, int maxLimit) {
            this.initialLimit = initialLimit;
            this.minLimit = minLimit;
            this.maxLimit = maxLimit;
            return this;
        }

        public Builder classShares(List<Double> classShares) {
            this.classShares = classShares;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder queueTimeoutMillis(int queueTimeoutMillis) {
            this.queueTimeoutMillis = queueTimeoutMillis;
            return this;
        }

        public Builder codelTargetMillis(int codelTargetMillis) {
            this.codelTargetMillis = codelTargetMillis;
            return this;
        }

        public Builder codelIntervalMillis(int codelIntervalMillis) {
            this.codelIntervalMillis = codelIntervalMillis;
            return this;
        }

        public Builder retryAfterSeconds(int retryAfterSeconds) {
            this.retryAfterSeconds = retryAfterSeconds;
            return this;
        }

        public AdmissionConfig build() {
            return new AdmissionConfig(limitAlgorithm, initialLimit, minLimit, maxLimit, classShares, queueCapacity,
                    queueTimeoutMillis, codelTargetMillis, codelIntervalMillis, retryAfterSeconds);
        }
    }

    /** Slots class {@code c} may fill when the limit is {@code limit} (at least one). */
    public int capFor(Criticality c, int limit) {
        return Math.max(1, (int) Math.floor(limit * classShares.get(c.ordinal())));
    }
}
