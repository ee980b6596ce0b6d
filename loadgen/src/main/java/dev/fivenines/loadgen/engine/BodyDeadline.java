package dev.fivenines.loadgen.engine;

import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds a response body to the exchange's deadline. Helidon's read timeout is a socket timeout, so it bounds
 * each read, not the body: a server trickling a byte just inside every timeout would hold the exchange open
 * without end. This client service wraps the body stream so that before every read the socket timeout is
 * cut to the time left, and a read started at or past the deadline fails at once.
 *
 * <p>The deadline travels as a request property ({@link #PROPERTY}, {@link System#nanoTime()} value) because
 * that is the one per-request value a service can see; the connection is only reachable here, after the
 * headers have been read.
 */
final class BodyDeadline implements WebClientService {
    static final String PROPERTY = "fivenines.deadline-nanos";

    @Override
    public String name() {
        return "fivenines-body-deadline";
    }

    @Override
    public String type() {
        return name();
    }

    @Override
    public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
        WebClientServiceResponse response = chain.proceed(request);
        String deadline = request.properties().get(PROPERTY);
        if (deadline == null || response.inputStream().isEmpty()
                || !(response.connection() instanceof ClientConnection connection)) {
            return response;
        }
        InputStream body = new DeadlineInputStream(response.inputStream().get(), connection, Long.parseLong(deadline));
        return WebClientServiceResponse.builder().from(response).inputStream(body).build();
    }

    /** Thrown by a read that starts with no time left; a timeout like the socket's own. */
    static final class DeadlinePassedException extends SocketTimeoutException {
        DeadlinePassedException() {
            super("the exchange's deadline passed while the body was still arriving");
        }
    }

    private static final class DeadlineInputStream extends InputStream {
        private final InputStream delegate;
        private final ClientConnection connection;
        private final long deadlineNanos;

        DeadlineInputStream(InputStream delegate, ClientConnection connection, long deadlineNanos) {
            this.delegate = delegate;
            this.connection = connection;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            return delegate.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            beforeRead();
            return delegate.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        private void beforeRead() throws SocketTimeoutException {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0) {
                throw new DeadlinePassedException();
            }
            // Rounded up to whole milliseconds and at least 1: Socket.setSoTimeout(0) would mean "wait forever".
            connection.readTimeout(Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999))));
        }
    }
}
