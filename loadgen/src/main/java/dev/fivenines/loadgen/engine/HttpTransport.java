package dev.fivenines.loadgen.engine;

import dev.fivenines.base.Check;
import dev.fivenines.base.PooledConnections;
import dev.fivenines.web.Sockets;
import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} over Helidon's blocking HTTP/1.1 client, run on the calling (virtual) thread: no selector
 * thread and no executor hand-offs, which under saturation showed up as generator latency in the measured tail
 * (docs/decisions/016-blocking-http1-client-for-forwarding-and-load.md).
 *
 * <p>The deadline covers the whole exchange including the body: the socket read timeout starts at the whole
 * budget for the headers, {@link BodyDeadline} cuts it to the time left before every body read, and a reply
 * complete only after the deadline is still a {@link Reply.Failure#TIMEOUT}. What the budget cannot cut short
 * is a connect, bounded by {@link #CONNECT_TIMEOUT} (Helidon sets it per client, not per request), and a server
 * trickling its header lines, bounded per read; both only overrun, they never hang. Bodies are capped at
 * {@link #MAX_BODY_BYTES} (a declared length over the cap is refused before a byte of it is read), redirects
 * are never followed so no request leaves the base URL, and connections are kept alive and reused.
 */
public final class HttpTransport implements Transport {
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Short because the target is on the same host or LAN: a connect that takes longer is a dead peer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Idle keep-alive connections kept; above the requests in flight at 600 sessions/s, below the edge's cap. */
    static final int MAX_IDLE_CONNECTIONS = 1024;
    private static final int READ_CHUNK_BYTES = 8192;
    private static final String ACCEPT = "application/json, application/problem+json";
    private static final HeaderName RETRY_AFTER = HeaderNames.create("Retry-After");

    private final String base;
    private final Http1Client client;

    public HttpTransport(URI baseUrl) {
        Check.argument(baseUrl.getScheme() != null && baseUrl.getScheme().matches("https?"),
                "target must be an http:// or https:// URL, was %s", baseUrl);
        Check.argument(baseUrl.getHost() != null, "target must name a host, was %s", baseUrl);
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.client = Http1Client.builder()
                .followRedirects(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .socketOptions(Sockets.options())
                .keepAlive(true)
                .shareConnectionCache(false)
                .connectionCacheSize(MAX_IDLE_CONNECTIONS)
                // Only our own service: one found on the class path could follow redirects or rewrite bodies.
                .servicesDiscoverServices(false)
                .addService(new BodyDeadline())
                .build();
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, long timeoutMillis) {
        Check.argument(pathAndQuery.startsWith("/"), "path must start with /, was %s", pathAndQuery);
        Check.argument(timeoutMillis > 0, "timeoutMillis must be > 0, was %s", timeoutMillis);
        if (Thread.currentThread().isInterrupted()) {
            return abandoned();
        }
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Http1ClientRequest request = client.method(Method.create(method))
                .skipUriEncoding(true)
                .uri(base + pathAndQuery)
                .followRedirects(false)
                // Helidon hands the millis to Socket.setSoTimeout as an int.
                .readTimeout(Duration.ofMillis(Math.min(timeoutMillis, Integer.MAX_VALUE)))
                .property(BodyDeadline.PROPERTY, Long.toString(deadlineNanos))
                .header(HeaderNames.ACCEPT, ACCEPT);
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        try (Http1ClientResponse response = jsonBody == null ? request.request()
                : request.header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit(jsonBody.getBytes(StandardCharsets.UTF_8))) {
            ClientResponseHeaders responseHeaders = response.headers();
            OptionalLong declaredBytes = responseHeaders.contentLength();
            if (declaredBytes.isPresent() && declaredBytes.getAsLong() > MAX_BODY_BYTES) {
                // Closing a response whose body is unread closes its connection rather than draining it.
                return tooLarge("response body declared as " + declaredBytes.getAsLong() + " bytes");
            }
            byte[] body = response.entity().hasEntity() ? readCapped(response.entity().inputStream()) : new byte[0];
            if (body == null) {
                return tooLarge("response body");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return Reply.failed(Reply.Failure.TIMEOUT, "response complete only after the " + timeoutMillis + " ms deadline");
            }
            return Reply.of(response.status().code(), new String(body, StandardCharsets.UTF_8),
                    responseHeaders.first(HeaderNames.CONTENT_TYPE).orElse(null),
                    retryAfterMillis(responseHeaders.all(RETRY_AFTER, List::of)),
                    responseHeaders.all(HeaderNames.SET_COOKIE, List::of));
        } catch (IOException | RuntimeException e) {
            // Helidon reports socket failures as UncheckedIOException or its own runtime exceptions
            // (a peer closing mid-body); what they mean is read from the cause chain and the clock.
            return failure(e, deadlineNanos, timeoutMillis);
        }
    }

    /** The body, or null once it passes {@link #MAX_BODY_BYTES}; never reads more than one byte past the cap. */
    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] chunk = new byte[READ_CHUNK_BYTES];
        while (true) {
            // Ask for at most one byte past the cap: enough to tell "exactly the cap" from "over it".
            int n = in.read(chunk, 0, Math.min(chunk.length, MAX_BODY_BYTES + 1 - bytes.size()));
            if (n < 0) {
                return bytes.toByteArray();
            }
            bytes.write(chunk, 0, n);
            if (bytes.size() > MAX_BODY_BYTES) {
                return null;
            }
        }
    }

    private static Reply failure(Exception e, long deadlineNanos, long timeoutMillis) {
        if (Thread.currentThread().isInterrupted() || causedBy(e, ClosedByInterruptException.class)
                || causedBy(e, InterruptedException.class) || interruptedIo(e)) {
            return abandoned();
        }
        // A pooled connection that expired as it was reused carries the idle watch's timeout in its
        // causes; the request was sent, nothing timed out.
        if (!PooledConnections.expiredWhileReused(e)
                && (causedBy(e, SocketTimeoutException.class) || System.nanoTime() - deadlineNanos >= 0)) {
            return Reply.failed(Reply.Failure.TIMEOUT, "no complete response within " + timeoutMillis + " ms: " + e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Reply.failed(Reply.Failure.IO, root == e ? e.toString() : e + " (" + root + ")");
    }

    private static Reply abandoned() {
        // Some blocking paths report an interrupt by an exception and clear the flag; the caller relies on it.
        Thread.currentThread().interrupt();
        return Reply.failed(Reply.Failure.ABANDONED, "interrupted: the run is stopping");
    }

    private static Reply tooLarge(String what) {
        return Reply.failed(Reply.Failure.TOO_LARGE, what + " larger than the cap of " + MAX_BODY_BYTES + " bytes");
    }

    private static boolean interruptedIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Retry-After in seconds (RFC 9110 also allows an HTTP date; the shop sends seconds). */
    static long retryAfterMillis(List<String> values) {
        if (values.isEmpty()) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(values.get(0).trim());
            return seconds < 0 ? -1 : Math.multiplyExact(seconds, 1_000L);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        // Closes the idle keep-alive connections; exchanges still running end at their own deadlines, so
        // nothing here waits on the network.
        client.closeResource();
    }
}
