package dev.fivenines.web;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The response to a HEAD request: everything a GET handler sets (status, headers, a Content-Length
 * equal to the body it would have sent) but no body. The server writes whatever body a handler
 * sends, even for HEAD, which would corrupt a kept-alive connection; this is what stops it.
 */
public final class HeadResponse implements ServerResponse {
    private static final byte[] NO_BODY = new byte[0];

    private final ServerResponse delegate;

    private HeadResponse(ServerResponse delegate) {
        this.delegate = delegate;
    }

    /** {@code res} itself, or {@code res} without a body when {@code req} is a HEAD request. */
    public static ServerResponse forRequest(ServerRequest req, ServerResponse res) {
        return req.prologue().method() == Method.HEAD && !(res instanceof HeadResponse) ? new HeadResponse(res) : res;
    }

    @Override
    public ServerResponse status(Status status) {
        delegate.status(status);
        return this;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ServerResponse header(Header header) {
        delegate.header(header);
        return this;
    }

    @Override
    public void send() {
        send(NO_BODY);
    }

    @Override
    public void send(byte[] bytes) {
        delegate.contentLength(bytes.length);
        delegate.send(NO_BODY);
    }

    @Override
    public void send(Object entity) {
        if (entity instanceof byte[] bytes) {
            send(bytes);
        } else if (entity instanceof String text) {
            send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("a HEAD response can only stand in for a byte[] or String body, was "
                    + (entity == null ? "null" : entity.getClass().getName()));
        }
    }

    @Override
    public boolean isSent() {
        return delegate.isSent();
    }

    /** Collects what would have been streamed, then answers with its length and no body. */
    @Override
    public OutputStream outputStream() {
        return new ByteArrayOutputStream() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    HeadResponse.this.send(toByteArray());
                }
            }
        };
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public ServerResponse beforeSend(Runnable listener) {
        delegate.beforeSend(listener);
        return this;
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        delegate.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        delegate.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        delegate.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        delegate.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> beforeTrailers) {
        delegate.beforeTrailers(beforeTrailers);
        return this;
    }

    @Override
    public void streamResult(String result) {
        delegate.streamResult(result);
    }

    @Override
    public void contentLength(long length) {
        delegate.contentLength(length);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        delegate.streamFilter(filterFunction);
    }
}
