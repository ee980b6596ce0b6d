package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.Criticality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of every admission decision, by class and reason, and how many of the rejected requests
 * belonged to sessions already under way (the shedding that costs sessions, not just requests).
 */
public final class AdmissionMetrics {
    private final LongAdder[] admitted = new LongAdder[Criticality.values().length];
    private final LongAdder[] rejectedUnderWay = new LongAdder[Criticality.values().length];
    private final LongAdder[][] rejected = new LongAdder[Criticality.values().length][RejectReason.values().length];

    AdmissionMetrics() {
        for (int c = 0; c < admitted.length; c++) {
            admitted[c] = new LongAdder();
            rejectedUnderWay[c] = new LongAdder();
            for (int r = 0; r < RejectReason.values().length; r++) {
                rejected[c][r] = new LongAdder();
            }
        }
    }

    void admitted(Criticality c) {
        admitted[c.ordinal()].increment();
    }

    void rejected(Rejection r) {
        rejected[r.criticality().ordinal()][r.reason().ordinal()].increment();
        if (r.sessionUnderWay()) {
            rejectedUnderWay[r.criticality().ordinal()].increment();
        }
    }

    public long rejectedUnderWayCount(Criticality c) {
        return rejectedUnderWay[c.ordinal()].sum();
    }

    public long admittedCount(Criticality c) {
        return admitted[c.ordinal()].sum();
    }

    public long rejectedCount(Criticality c, RejectReason reason) {
        return rejected[c.ordinal()][reason.ordinal()].sum();
    }

    public long rejectedCount(Criticality c) {
        long total = 0;
        for (RejectReason reason : RejectReason.values()) {
            total += rejectedCount(c, reason);
        }
        return total;
    }

    /** class -> {admitted, rejected: {reason -> count}, rejectedUnderWay} for the admin API. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Criticality c : Criticality.values()) {
            Map<String, Long> reasons = new LinkedHashMap<>();
            for (RejectReason reason : RejectReason.values()) {
                long n = rejectedCount(c, reason);
                if (n > 0) {
                    reasons.put(reason.name(), n);
                }
            }
            out.put(c.name(), Map.of("admitted", admittedCount(c), "rejected", reasons,
                    "rejectedUnderWay", rejectedUnderWayCount(c)));
        }
        return out;
    }
}
