package dev.fivenines.loadgen.engine;

import java.util.Map;

/**
 * Sends one request to the shop under test. Implementations only ever talk to their one base URL,
 * enforce {@code timeoutMillis} on the whole exchange (headers and body), and return failures as
 * {@link Reply} values. When the calling thread is interrupted, the exchange is cancelled and a
 * {@link Reply.Failure#ABANDONED} reply returned with the interrupt flag set again.
 */
public interface Transport extends AutoCloseable {
    /** @param pathAndQuery starts with "/" and is appended to the base URL; already encoded */
    Reply send(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, long timeoutMillis);

    @Override
    void close();
}
