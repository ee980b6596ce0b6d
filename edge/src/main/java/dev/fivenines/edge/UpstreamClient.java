package dev.fivenines.edge;

import dev.fivenines.base.Check;
import dev.fivenines.base.PooledConnections;
import dev.fivenines.web.Sockets;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one request to one upstream instance with Helidon's blocking HTTP/1.1 client, on the calling
 * (virtual) thread, over a keep-alive connection pooled per instance: no selector thread or executor
 * hand-off between the request and its forward (see docs/decisions/003-edge-forwarding-client.md).
 *
 * <p>Protocol: {@link #send} never throws for a transport failure; it answers with exactly one
 * {@link Result}, and which one says what the caller may do next: {@link CouldNotConnect} was never
 * sent (free to try another instance), {@link TimedOut} and {@link FailedAfterSending} may have taken
 * effect upstream. The answer's body is read whole (bounded) before {@code send} returns, so the
 * connection is back in the pool, or closed, by then.
 */
public final class UpstreamClient implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Largest answer the edge relays; a catalogue page is tens of KiB. */
    public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    /** Idle keep-alive connections kept per instance; admission bounds how many are busy at once. */
    public static final int CONNECTIONS_KEPT_PER_UPSTREAM = 256;
    private static final int READ_CHUNK_BYTES = 16 * 1024;
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final String UNRESOLVED_HOST = "Failed to get address for host";

    /** What became of one request. */
    public sealed interface Result permits Answered, CouldNotConnect, TimedOut, FailedAfterSending {
    }

    /** The upstream answered; {@code body} is complete. */
    public record Answered(int status, Headers headers, byte[] body) implements Result {
    }

    /** No connection was made: the request was never sent. */
    public record CouldNotConnect(Exception cause) implements Result {
    }

    /** Sent, but no complete answer within the deadline. */
    public record TimedOut(Duration deadline) implements Result {
    }

    /** Sent, then the connection failed (or the answer was over {@link #MAX_RESPONSE_BYTES}). */
    public record FailedAfterSending(Exception cause) implements Result {
    }

    private final Http1Client client;
    private final Duration requestTimeout;
    private final LongSupplier nanoTime;

    /**
     * @param connectTimeout how long to wait for a connection before moving on to another instance
     * @param requestTimeout each wait for the upstream's bytes is bounded by it, and so is the whole
     *                       answer (checked between reads of the body)
     */
    public UpstreamClient(Duration connectTimeout, Duration requestTimeout, LongSupplier nanoTime) {
        Check.argument(connectTimeout.isPositive(), "connectTimeout must be positive, was %s", connectTimeout);
        Check.argument(requestTimeout.isPositive(), "requestTimeout must be positive, was %s", requestTimeout);
        this.requestTimeout = requestTimeout;
        this.nanoTime = nanoTime;
        this.client = Http1Client.builder()
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .socketOptions(Sockets.options())
                // A proxy relays redirects and never asks for 100-continue (one more round trip).
                .followRedirects(false)
                .sendExpectContinue(false)
                // Bodies pass through as bytes: a discovered gzip codec would decode an answer
                // whose Content-Encoding header the edge still relays.
                .contentEncoding(encodings -> encodings.contentEncodingsDiscoverServices(false))
                // Our own pool, so close() releases its connections.
                .shareConnectionCache(false)
                .connectionCacheSize(CONNECTIONS_KEPT_PER_UPSTREAM)
                .build();
    }

    public static UpstreamClient create() {
        return new UpstreamClient(CONNECT_TIMEOUT, REQUEST_TIMEOUT, System::nanoTime);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends {@code method target} (raw path and query, already encoded) to {@code base}.
     *
     * @param headers sets the request's headers; Host and Content-Length are the client's
     */
    public Result send(URI base, String target, String method, Consumer<ClientRequestHeaders> headers, byte[] body) {
        long startNanos = nanoTime.getAsLong();
        Http1ClientRequest request = client.method(Method.create(method))
                // The string form with encoding skipped sends the target byte for byte; the URI
                // form decodes it first ("q=red%20shoes" left as "q=red shoes", a 400 upstream).
                .uri(base + target)
                .skipUriEncoding(true)
                .readTimeout(requestTimeout)
                .headers(headers);
        try (HttpClientResponse response = body.length > 0 || WITH_BODY.contains(method)
                ? request.submit(body) : request.request()) {
            // An answer to HEAD has no body whatever its Content-Length says; the client would wait for one.
            byte[] answer = "HEAD".equals(method) ? new byte[0] : readBounded(response.inputStream(), startNanos);
            if (answer == null) {
                return new TimedOut(requestTimeout);
            }
            return new Answered(response.status().code(), response.headers(), answer);
        } catch (UncheckedIOException e) {
            return classify(e.getCause(), requestTimeout);
        } catch (IOException e) {
            return classify(e, requestTimeout);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // Helidon's word for "the upstream closed the connection before a whole answer".
            return new FailedAfterSending(e);
        } catch (IllegalArgumentException e) {
            // Helidon's word for a host name that does not resolve (before any connection).
            if (e.getMessage() != null && e.getMessage().startsWith(UNRESOLVED_HOST)) {
                return new CouldNotConnect(e);
            }
            throw e;
        } catch (RuntimeException e) {
            if (PooledConnections.expiredWhileReused(e)) {
                return stalePooledConnection(e);
            }
            throw e;
        }
    }

    /**
     * {@link PooledConnections#expiredWhileReused}: sent, so repeated only when that is safe (seen under
     * bursty load; docs/decisions/003-edge-forwarding-client.md).
     */
    static Result stalePooledConnection(RuntimeException e) {
        return new FailedAfterSending(new IOException("pooled connection expired while it was being reused", e));
    }

    /**
     * Only a refused or unroutable connection, or a connect that timed out, is "never sent". Every
     * other failure may have reached the upstream, so it must not be repeated unless that is safe.
     */
    static Result classify(IOException e, Duration deadline) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new CouldNotConnect(e);
        }
        if (e instanceof SocketTimeoutException) {
            // The socket says which wait ran out only in its message; when in doubt it was sent.
            return "Connect timed out".equals(e.getMessage()) ? new CouldNotConnect(e) : new TimedOut(deadline);
        }
        return new FailedAfterSending(e);
    }

    /** The whole body, or null when the deadline passed while it was still arriving. */
    private byte[] readBounded(InputStream in, long startNanos) throws IOException {
        long deadlineNanos = startNanos + requestTimeout.toNanos();
        byte[] buffer = new byte[READ_CHUNK_BYTES];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > MAX_RESPONSE_BYTES) {
                    throw new IOException("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_RESPONSE_BYTES + 1));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return Arrays.copyOf(buffer, length);
            }
            length += n;
            if (nanoTime.getAsLong() - deadlineNanos > 0) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.closeResource();
    }
}
