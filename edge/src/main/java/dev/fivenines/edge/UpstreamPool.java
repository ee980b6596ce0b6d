package dev.fivenines.edge;

import dev.fivenines.traffic.outlier.OutlierDetector;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one role behind the edge. Picks round-robin among the healthy, non-ejected
 * ones; an instance returning from ejection is picked first only with its ramp weight, so load comes
 * back gradually. Ejected, then unhealthy instances are still tried last (a stale belief must not
 * turn into an outage). Drained instances are never tried.
 */
public final class UpstreamPool {
    private final String role;
    private final List<Upstream> upstreams;
    private final UpstreamPolicy policy;
    private final Map<Upstream, OutlierDetector.Host> hosts = new IdentityHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public UpstreamPool(String role, List<Upstream> upstreams) {
        this(role, upstreams, UpstreamPolicy.defaults());
    }

    public UpstreamPool(String role, List<Upstream> upstreams, UpstreamPolicy policy) {
        this.role = role;
        this.upstreams = List.copyOf(upstreams);
        this.policy = policy;
        for (Upstream u : this.upstreams) {
            hosts.put(u, policy.outliers().register(u.name()));
        }
    }

    public String role() {
        return role;
    }

    public List<Upstream> all() {
        return upstreams;
    }

    public UpstreamPolicy policy() {
        return policy;
    }

    public Optional<Upstream> find(String name) {
        return upstreams.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** Every instance in the order to try them for one request; drained instances are left out. */
    public List<Upstream> attemptOrder() {
        int n = upstreams.size();
        List<Upstream> preferred = new ArrayList<>(n);
        List<Upstream> ejected = new ArrayList<>(n);
        List<Upstream> unhealthy = new ArrayList<>(n);
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, n));
        for (int i = 0; i < n; i++) {
            Upstream u = upstreams.get((start + i) % n);
            if (u.drained()) {
                continue;
            }
            if (!u.healthy()) {
                unhealthy.add(u);
                continue;
            }
            double weight = policy.outliers().weight(hosts.get(u));
            boolean pick = weight >= 1.0 || (weight > 0 && policy.random().getAsDouble() < weight);
            (pick ? preferred : ejected).add(u);
        }
        preferred.addAll(ejected);
        preferred.addAll(unhealthy);
        return preferred;
    }

    /** The instance answered below 500: feeds latency outliers and its failure rate. */
    public void recordSuccess(Upstream upstream, long latencyNanos) {
        policy.outliers().onSuccess(hosts.get(upstream), latencyNanos);
    }

    /** The instance failed the request (timeout, 5xx): an outlier only if it fails more than its peers. */
    public void recordFailure(Upstream upstream) {
        policy.outliers().onFailure(hosts.get(upstream));
    }

    /** No connection to the instance could be made: an outlier whatever its peers do. */
    public void recordUnreachable(Upstream upstream) {
        policy.outliers().onUnreachable(hosts.get(upstream));
    }

    /** The instance answered 503/429 with Retry-After: alive and shedding, not an outlier. */
    public void recordOverloaded(Upstream upstream) {
        policy.outliers().onOverloaded(hosts.get(upstream));
    }

    public long overloadAnswers(Upstream upstream) {
        return policy.outliers().overloadAnswers(hosts.get(upstream));
    }

    public double failureRate(Upstream upstream) {
        return policy.outliers().failureRate(hosts.get(upstream));
    }

    public boolean ejected(Upstream upstream) {
        return policy.outliers().ejected(hosts.get(upstream));
    }

    public double weight(Upstream upstream) {
        return policy.outliers().weight(hosts.get(upstream));
    }
}
