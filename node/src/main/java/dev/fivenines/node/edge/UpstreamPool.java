package dev.fivenines.node.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one role behind the edge. Picks round-robin among the healthy ones; when none is
 * believed healthy it still tries them all (a stale belief must not turn into an outage).
 */
public final class UpstreamPool {
    private final String role;
    private final List<Upstream> upstreams;
    private final AtomicInteger next = new AtomicInteger();

    public UpstreamPool(String role, List<Upstream> upstreams) {
        this.role = role;
        this.upstreams = List.copyOf(upstreams);
    }

    public String role() {
        return role;
    }

    public List<Upstream> all() {
        return upstreams;
    }

    /** Every instance in the order to try them for one request: healthy ones first, rotating. */
    public List<Upstream> attemptOrder() {
        int n = upstreams.size();
        List<Upstream> healthy = new ArrayList<>(n);
        List<Upstream> unhealthy = new ArrayList<>(n);
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, n));
        for (int i = 0; i < n; i++) {
            Upstream u = upstreams.get((start + i) % n);
            (u.healthy() ? healthy : unhealthy).add(u);
        }
        healthy.addAll(unhealthy);
        return healthy;
    }
}
