package dev.fivenines.commerce.recommendation;

/** Waits; injected so that tests of injected latency never sleep for real. */
@FunctionalInterface
public interface Sleeper {
    void sleep(long millis) throws InterruptedException;

    static Sleeper system() {
        return Thread::sleep;
    }
}
