package dev.fivenines.web;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that escapes a handler into problem+json. Client mistakes keep their 4xx;
 * anything unexpected is a 500 that is logged with its stack trace (never swallowed). A HEAD request
 * gets the same status and headers without the body.
 */
public final class ProblemHandlers {
    private static final Logger LOG = Logger.getLogger(ProblemHandlers.class.getName());

    private ProblemHandlers() {
    }

    public static HttpRouting.Builder install(HttpRouting.Builder routing) {
        return routing
                .error(ProblemException.class, (req, anyRes, e) -> {
                    ServerResponse res = HeadResponse.forRequest(req, anyRes);
                    if (e instanceof Http.UnreadableBodyException) {
                        // What is left of the body cannot be told from the next request: do not read on.
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    if (e.problem().status() >= 500) {
                        LOG.log(Level.WARNING, "answered " + e.problem().status() + " to "
                                + req.prologue().method().text() + " " + req.path().path() + ": " + e.getMessage(), e.getCause());
                    }
                    if (e.problem().status() == 401) {
                        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fivenines-admin\"");
                    }
                    Http.problem(res, e.problem(), e.retryAfterSeconds());
                })
                .error(RequestException.class, (req, res, e) -> Http.problem(HeadResponse.forRequest(req, res),
                        Problem.of(e.status().code() >= 400 && e.status().code() < 600 ? e.status().code() : 400,
                                "bad-request", "Bad request", e.getMessage()), null))
                // Helidon's own answers (no route: NotFoundException, ...) keep their status.
                .error(HttpException.class, (req, anyRes, e) -> {
                    ServerResponse res = HeadResponse.forRequest(req, anyRes);
                    int status = e.status().code();
                    if (status >= 500) {
                        LOG.log(Level.SEVERE, "answered " + status + " to " + req.prologue().method().text() + " "
                                + req.path().path(), e);
                    }
                    Http.problem(res, status == 404
                            ? Problem.of(404, "not-found", "Not found", "no endpoint " + req.prologue().method().text()
                            + " " + req.path().path())
                            : Problem.of(status, status >= 500 ? "internal" : "bad-request", e.status().reasonPhrase(),
                            e.getMessage()), null);
                })
                .error(Exception.class, (req, anyRes, e) -> {
                    ServerResponse res = HeadResponse.forRequest(req, anyRes);
                    LOG.log(Level.SEVERE, "unhandled error on " + req.prologue().method().text() + " "
                            + req.path().path(), e);
                    Http.problem(res, Problem.of(500, "internal", "Internal error",
                            "the server failed to handle this request; it has been logged"), null);
                });
    }
}
