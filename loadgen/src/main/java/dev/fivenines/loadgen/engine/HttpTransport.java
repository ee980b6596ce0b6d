package dev.fivenines.loadgen.engine;

import dev.fivenines.base.Check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Transport} over the JDK's HTTP client on virtual threads. The deadline covers the whole
 * exchange including the body (the client's own request timeout stops at the headers), bodies are
 * capped at {@link #MAX_BODY_BYTES}, and redirects are never followed so no request leaves the base URL.
 */
public final class HttpTransport implements Transport {
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final String base;
    private final ExecutorService executor;
    private final HttpClient client;

    public HttpTransport(URI baseUrl) {
        Check.argument(baseUrl.getScheme() != null && baseUrl.getScheme().matches("https?"),
                "target must be an http:// or https:// URL, was %s", baseUrl);
        Check.argument(baseUrl.getHost() != null, "target must name a host, was %s", baseUrl);
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, long timeoutMillis) {
        Check.argument(pathAndQuery.startsWith("/"), "path must start with /, was %s", pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(request::header);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        CompletableFuture<HttpResponse<String>> future = client.sendAsync(request.build(), info -> new LimitedBody());
        try {
            HttpResponse<String> response = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return Reply.of(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    retryAfterMillis(response.headers().allValues("Retry-After")));
        } catch (TimeoutException e) {
            future.cancel(true);
            return Reply.failed(Reply.Failure.TIMEOUT, "no complete response within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return Reply.failed(Reply.Failure.ABANDONED, "interrupted: the run is stopping");
        } catch (CancellationException e) {
            return Reply.failed(Reply.Failure.ABANDONED, "cancelled: the run is stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Reply.failed(Reply.Failure.TIMEOUT, cause.toString());
            }
            if (cause instanceof BodyTooLargeException) {
                return Reply.failed(Reply.Failure.TOO_LARGE, cause.getMessage());
            }
            return Reply.failed(Reply.Failure.IO, String.valueOf(cause));
        }
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
        // Sessions have finished or been cancelled by now; anything still open is cut, not waited on.
        client.shutdownNow();
        try {
            if (!client.awaitTermination(Duration.ofSeconds(5))) {
                java.util.logging.Logger.getLogger(HttpTransport.class.getName())
                        .warning("HTTP client still had exchanges open 5 s after shutdown; abandoning them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("response body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** Collects the body as UTF-8 text and gives up past the size cap instead of buffering without end. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > MAX_BODY_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
