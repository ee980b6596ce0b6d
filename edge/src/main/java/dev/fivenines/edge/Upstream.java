package dev.fivenines.edge;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One instance behind the edge, with what the edge currently believes about its health. */
public final class Upstream {
    private final String name;
    private final URI baseUri;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicBoolean drained = new AtomicBoolean(false);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public Upstream(String name, URI baseUri) {
        this.name = name;
        this.baseUri = baseUri;
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return baseUri;
    }

    public boolean healthy() {
        return healthy.get();
    }

    /** Marks it down at once (a connect failure); only a successful health probe brings it back. */
    public void markDown() {
        if (healthy.getAndSet(false)) {
            failures.incrementAndGet();
        }
    }

    public void markHealth(boolean up) {
        healthy.set(up);
    }

    /** A drained instance gets no new requests (an operator's or the autopilot's decision); in-flight ones finish. */
    public boolean drained() {
        return drained.get();
    }

    public void drain(boolean on) {
        drained.set(on);
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long failures() {
        return failures.get();
    }
}
