package dev.fivenines.edge.console;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Cookies;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.Set;

/**
 * Who may call the edge's {@code /admin/...} endpoints: a request with the admin token as a bearer
 * (scripts, the CLI, the autopilot), or a browser signed in to the console, whose cookie it sends
 * itself. Because a browser sends that cookie with any request to this origin, an unsafe method
 * (POST, PUT, DELETE, ...) authenticated by the cookie must also carry {@value #CSRF_HEADER}: a
 * cross-site form cannot set a header, and a cross-site script that could would need CORS, which the
 * edge never grants (docs/decisions/042-console-session-cookie.md). A bearer needs no such header:
 * a browser never adds one by itself.
 */
public final class AdminAccess {
    /** The console's cookie (one per path it is scoped to: {@link #COOKIE_PATHS}). */
    public static final String COOKIE = "fivenines_console";
    /** The cookie goes only to the console's pages and the admin API, never to the storefront's paths. */
    public static final List<String> COOKIE_PATHS = List.of("/console", "/admin");
    public static final String CSRF_HEADER = "X-Fivenines-Console";
    static final HeaderName CSRF = HeaderNames.create(CSRF_HEADER);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminToken token;
    private final ConsoleSessions sessions;

    /** @param sessions the console's sessions; null: only the bearer token is accepted */
    public AdminAccess(AdminToken token, ConsoleSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    /** The bearer token only (no console). */
    public static AdminAccess bearerOnly(String token) {
        return new AdminAccess(new AdminToken(token), null);
    }

    public AdminToken token() {
        return token;
    }

    /** Returns when the request may act as the admin; otherwise throws a 401 (who are you?) or 403 (no CSRF header). */
    public void require(ServerRequest req) {
        Headers headers = req.headers();
        if (sessions == null || headers.contains(HeaderNames.AUTHORIZATION)) {
            token.require(req);
            return;
        }
        ConsoleSessions.Verdict verdict = sessions.verify(Cookies.first(headers, COOKIE));
        if (verdict != ConsoleSessions.Verdict.VALID) {
            throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized",
                    "an Authorization: Bearer <token> header or a console session is required"
                            + (verdict == ConsoleSessions.Verdict.MISSING ? "" : " (the console session cookie is "
                            + verdict.name().toLowerCase(java.util.Locale.ROOT) + "; sign in again at /console)")));
        }
        if (!SAFE_METHODS.contains(req.prologue().method().text())) {
            requireCsrfHeader(headers, "a request authenticated by the console's cookie that changes something");
        }
    }

    /** Throws a 403 unless {@code headers} carry {@value #CSRF_HEADER}{@code : 1}; {@code what} names who needs it. */
    static void requireCsrfHeader(Headers headers, String what) {
        if (!"1".equals(headers.first(CSRF).orElse(null))) {
            throw new ProblemException(Problem.of(403, "csrf-header-missing", "Forbidden",
                    what + " must carry " + CSRF_HEADER + ": 1"));
        }
    }

    /** Whether the request carries a valid console session (the console's pages; no CSRF check: they only read). */
    public boolean signedIn(Headers headers) {
        return sessions != null && sessions.verify(Cookies.first(headers, COOKIE)) == ConsoleSessions.Verdict.VALID;
    }

    /** What the request's console cookie is, for the login page's message. */
    ConsoleSessions.Verdict verdict(Headers headers) {
        return sessions == null ? ConsoleSessions.Verdict.MISSING : sessions.verify(Cookies.first(headers, COOKIE));
    }

    ConsoleSessions sessions() {
        return sessions;
    }
}
