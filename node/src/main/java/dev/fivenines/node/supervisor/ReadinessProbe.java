package dev.fivenines.node.supervisor;

import dev.fivenines.base.Check;
import dev.fivenines.web.Sockets;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;

import java.time.Duration;

/**
 * Asks a local instance's {@code /observe/health/ready} whether it is ready, with Helidon's blocking
 * HTTP/1.1 client on the probing thread over kept-alive connections. The supervisor probes every
 * instance every second, idle or not; the JDK's client, with its selector thread and hand-offs, cost
 * about twice as much CPU per probe (decision 044).
 */
final class ReadinessProbe {
    private final Http1Client http;

    /** @param timeout for the connection and for the answer each */
    ReadinessProbe(Duration timeout) {
        Check.argument(timeout.isPositive(), "timeout must be positive, was %s", timeout);
        this.http = Http1Client.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .socketOptions(Sockets.options())
                .followRedirects(false)
                .build();
    }

    /** True only for a 200 within the timeout; refused, reset, timed out or any other status is "not ready". */
    boolean ready(int port) {
        try (HttpClientResponse response = http.get("http://127.0.0.1:" + port + "/observe/health/ready").request()) {
            response.entity().consume(); // read to the end, so the connection is kept for the next probe
            return response.status().code() == 200;
        } catch (RuntimeException e) {
            return false; // Helidon reports refused, reset and timed-out connections unchecked: that is the answer
        }
    }
}
