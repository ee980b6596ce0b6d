package dev.fivenines.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * problem+json for what the HTTP layer refuses before any route runs: a malformed request line
 * (400), a URI over the prologue bound (414), headers over their bound (431), duplicate or
 * malformed Content-Length (400), HTTP versions other than 1.1 (505). The server answers these with
 * a bare status and no body unless told otherwise; install with {@link #all()}.
 */
public final class ProblemDirectHandler implements DirectHandler {
    private static final Logger LOG = Logger.getLogger(ProblemDirectHandler.class.getName());
    /** The server's message when the header section outgrows its bound (it reports that as a plain 400). */
    static final String HEADERS_TOO_LARGE_MESSAGE = "Header size exceeded";

    /** This handler for every kind of transport-level event. */
    public static DirectHandlers all() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        ProblemDirectHandler handler = new ProblemDirectHandler();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        Problem problem = problem(request, eventType, defaultStatus, message);
        if (problem.status() >= 500 && problem.status() != 505) {
            LOG.log(Level.WARNING, "the HTTP layer answered " + problem.status() + " to " + describe(request) + ": " + message);
        }
        ServerResponseHeaders headers = responseHeaders == null ? ServerResponseHeaders.create() : responseHeaders;
        headers.set(HeaderNames.CONTENT_TYPE, Http.PROBLEM_JSON);
        return TransportResponse.builder()
                .status(Status.create(problem.status()))
                .headers(headers)
                // After a transport error the connection's framing cannot be trusted: never keep it.
                .keepAlive(false)
                .entity(body(problem))
                .build();
    }

    static Problem problem(TransportRequest request, EventType eventType, Status status, String message) {
        String detail = message == null || message.isBlank() ? status.reasonPhrase() : message;
        if (HEADERS_TOO_LARGE_MESSAGE.equals(message)) {
            return Problem.of(431, "headers-too-large", "Request header fields too large",
                    "the request's header section is larger than the server accepts");
        }
        return switch (status.code()) {
            case 414 -> Problem.of(414, "uri-too-long", "URI too long", "the request line is longer than the server accepts");
            case 413 -> Problem.of(413, "payload-too-large", "Payload too large", detail);
            case 505 -> Problem.of(505, "http-version-not-supported", "HTTP version not supported",
                    "only HTTP/1.1 is served; the request was " + (request == null ? "?" : request.protocolVersion()));
            case 503 -> Problem.unavailable(detail);
            default -> status.code() >= 500
                    ? Problem.of(status.code(), "internal", status.reasonPhrase(), "the server failed to read this request; it has been logged")
                    : Problem.of(status.code() >= 400 ? status.code() : 400, "bad-request", "Bad request",
                    eventType == EventType.BAD_REQUEST ? "the request is malformed: " + detail : detail);
        };
    }

    private static byte[] body(Problem problem) {
        try {
            return Json.mapper().writeValueAsBytes(problem.toJsonMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem not serializable", e);
        }
    }

    private static String describe(TransportRequest request) {
        return request == null ? "a request" : request.method() + " " + request.path();
    }
}
