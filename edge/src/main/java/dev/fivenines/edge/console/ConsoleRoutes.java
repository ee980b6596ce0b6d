package dev.fivenines.edge.console;

import dev.fivenines.base.Check;
import dev.fivenines.edge.storefront.StaticSite;
import dev.fivenines.edge.storefront.StorefrontRoutes;
import dev.fivenines.web.HeadResponse;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The operations console at {@code /console} (docs/console.md): its pages and assets from memory
 * ({@link StaticSite} under {@value #ROOT}), its sign-in and sign-out, and {@code GET
 * /admin/console/topology}. Without a valid console session {@code /console} is the sign-in form
 * (401); {@code POST /console/session} with the admin token sets the session cookie
 * ({@link ConsoleSessions}) on {@code /console} and {@code /admin} and sends the browser back to the
 * console. The pages' headers are the storefront's (CSP, nosniff, no referrer) and nothing here is
 * cached by anyone: the same URL is the form or the console depending on the cookie.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class.getName());
    public static final String ROOT = "console/";
    static final String SHELL = "index.html";
    static final String LOGIN = "login.html";
    /** Where the login page says why it is shown again; replaced by a fixed message, never by what was sent. */
    static final String MESSAGE_SLOT = "<!--login-message-->";
    static final String NO_STORE = "no-store";
    /** Bound on the sign-in form's body: a token field and nothing else. */
    static final int MAX_FORM_BYTES = 4096;
    static final Map<String, String> MESSAGES = Map.of(
            "wrong", "That is not the admin token. It is in the state directory's admin-token file or FIVENINES_ADMIN_TOKEN.",
            "expired", "Your console session expired. Sign in again.",
            "invalid", "Your console session is not valid here (the admin token may have changed). Sign in again.",
            "signed-out", "You are signed out.");

    private final StaticSite site;
    /** The sign-in form, with {@link #MESSAGE_SLOT} where its message goes. */
    private final String loginHtml;
    private final AdminAccess access;
    private final Supplier<Map<String, Object>> topology;
    private final boolean secureCookie;

    /**
     * @param site         the console's files ({@link StaticSite#fromClasspath(ClassLoader, String)} under {@value #ROOT})
     * @param access       must have console sessions
     * @param topology     what {@code GET /admin/console/topology} answers ({@link ConsoleTopology#snapshot})
     * @param secureCookie mark the cookie {@code Secure} (behind TLS)
     */
    public ConsoleRoutes(StaticSite site, AdminAccess access, Supplier<Map<String, Object>> topology, boolean secureCookie) {
        Check.argument(access.sessions() != null, "the console needs an AdminAccess with console sessions");
        Check.argument(site.find(SHELL).isPresent() && site.find(LOGIN).isPresent(), "the console needs %s and %s", SHELL, LOGIN);
        this.loginHtml = new String(site.find(LOGIN).orElseThrow().bytes(), StandardCharsets.UTF_8);
        Check.argument(loginHtml.contains(MESSAGE_SLOT), "the console's %s must hold %s", LOGIN, MESSAGE_SLOT);
        this.site = site;
        this.access = access;
        this.topology = topology;
        this.secureCookie = secureCookie;
    }

    public void register(HttpRouting.Builder routing) {
        routing.route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path("/console").handler(this::page).build())
                .route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path("/console/assets/*").handler(this::asset).build())
                .post("/console/session", this::signIn)
                .post("/console/session/end", this::signOut)
                .get("/admin/console/topology", (req, res) -> {
                    access.require(req);
                    res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
                    Http.json(res, 200, topology.get());
                });
    }

    private void page(ServerRequest req, ServerResponse anyRes) {
        ServerResponse res = HeadResponse.forRequest(req, anyRes);
        StorefrontRoutes.secure(res);
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        ConsoleSessions.Verdict verdict = access.verdict(req.headers());
        if (verdict == ConsoleSessions.Verdict.VALID) {
            html(res, 200, site.find(SHELL).orElseThrow().bytes());
            return;
        }
        String message = switch (verdict) {
            case EXPIRED -> "expired";
            case FORGED, MALFORMED -> "invalid";
            default -> req.query().first("signed-out").isPresent() ? "signed-out" : null;
        };
        loginPage(res, message);
    }

    private void asset(ServerRequest req, ServerResponse anyRes) {
        ServerResponse res = HeadResponse.forRequest(req, anyRes);
        StorefrontRoutes.secure(res);
        // The route matched /console/assets/*, so the name starts with "assets/".
        StorefrontRoutes.answerAsset(site, req.path().path().substring("/console/".length()), req, res);
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        StorefrontRoutes.secure(res);
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        String presented = formField(Http.readBody(req, MAX_FORM_BYTES), "token");
        if (!access.token().matches(presented)) {
            // Never the presented value, in the page or the log.
            LOG.warning("console sign-in refused from " + req.remotePeer().host() + ": wrong or missing token");
            loginPage(res, "wrong");
            return;
        }
        String value = access.sessions().issue();
        for (String path : AdminAccess.COOKIE_PATHS) {
            res.headers().add(HeaderNames.SET_COOKIE, AdminAccess.COOKIE + "=" + value + "; Max-Age="
                    + access.sessions().ttlSeconds() + attributes(path));
        }
        LOG.info("console sign-in from " + req.remotePeer().host());
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, "/console");
        res.send();
    }

    /**
     * Ends the session in this browser by expiring its cookies. Needs {@value AdminAccess#CSRF_HEADER}
     * like every unsafe call, so another site cannot sign an operator out. The value itself stays valid
     * until its expiry: the sessions are stateless (decision 042).
     */
    private void signOut(ServerRequest req, ServerResponse res) {
        StorefrontRoutes.secure(res);
        res.header(HeaderNames.CACHE_CONTROL, NO_STORE);
        AdminAccess.requireCsrfHeader(req.headers(), "a sign-out");
        for (String path : AdminAccess.COOKIE_PATHS) {
            res.headers().add(HeaderNames.SET_COOKIE, AdminAccess.COOKIE + "=; Max-Age=0" + attributes(path));
        }
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private String attributes(String path) {
        return "; Path=" + path + "; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    private void loginPage(ServerResponse res, String messageKey) {
        String slot = messageKey == null ? "" : "<p class=\"notice\" role=\"alert\" id=\"login-message\">"
                + MESSAGES.get(messageKey) + "</p>";
        boolean refusal = !"signed-out".equals(messageKey);
        if (refusal) {
            // A 401 names how to authenticate; the bearer token works on every admin endpoint.
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fivenines admin\"");
        }
        html(res, refusal ? 401 : 200, loginHtml.replace(MESSAGE_SLOT, slot).getBytes(StandardCharsets.UTF_8));
    }

    private static void html(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(body);
    }

    /** The first value of {@code name} in an application/x-www-form-urlencoded body, or null. */
    static String formField(byte[] body, String name) {
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null; // a malformed escape: not the token, and answered as a wrong one
                }
            }
        }
        return null;
    }
}
