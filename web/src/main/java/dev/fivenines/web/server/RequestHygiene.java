package dev.fivenines.web.server;

import dev.fivenines.base.Problem;
import dev.fivenines.web.HeadResponse;
import dev.fivenines.web.Http;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;

/**
 * What every role's server checks of a request before any route sees it, and how it ends one:
 * <ul>
 *   <li>A header value with a byte outside printable ASCII is a 400. The server reads header bytes
 *   as ASCII and turns every other byte into U+FFFD (which a proxy then forwards as {@code ?}), so
 *   two different Idempotency-Keys would become one.</li>
 *   <li>A handler that reads its body to the end tells {@link ReadDeadlines}, which stops the body's
 *   deadline; so does a response sent with the body read. One sent with part of the body unread
 *   leaves the deadline on while the server drains the rest.</li>
 * </ul>
 */
final class RequestHygiene implements Filter {
    private final ReadDeadlines deadlines;

    RequestHygiene(ReadDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        for (Header header : req.headers()) {
            List<String> values = header.allValues();
            for (String value : values) {
                int at = firstNonAscii(value);
                if (at >= 0) {
                    Http.problem(HeadResponse.forRequest(req, res), Problem.invalid(List.of(new Problem.FieldError(header.name(),
                            "header values must be printable ASCII; byte " + (at + 1) + " is not (encode other text, e.g. as UTF-8 percent-encoding)"))),
                            null);
                    return;
                }
            }
        }
        String serverSocket = req.serverSocketId();
        String socket = req.socketId();
        req.context().register((Http.BodyReadListener) () -> deadlines.bodyRead(serverSocket, socket));
        res.beforeSend(() -> deadlines.responding(serverSocket, socket, res.headers().containsToken(HeaderValues.CONNECTION_CLOSE),
                req.content().hasEntity() && !req.content().consumed()));
        chain.proceed();
    }

    /** Index of the first character that did not come from a printable-ASCII byte (or HTAB), or -1. */
    static int firstNonAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return i;
            }
        }
        return -1;
    }
}
