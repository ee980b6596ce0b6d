package dev.fivenines.edge.storefront;

import dev.fivenines.base.Problem;
import dev.fivenines.web.Caching;
import dev.fivenines.web.HeadResponse;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/**
 * Serves the storefront ({@link StaticSite}) at the edge: the HTML shell for every page the
 * storefront's router knows ({@link #PAGES}) and the files under {@code /assets/}, GET and HEAD,
 * with a strong ETag (304 on a match), Cache-Control, a strict Content-Security-Policy and
 * {@code nosniff}. Everything here is answered from memory by the edge itself, so no admission
 * controller is asked (docs/traffic.md, "Storefront"): the shell must load while the shop sheds, to
 * say "busy, retrying". Paths under {@code /api} are never matched here and keep their problem+json.
 */
public final class StorefrontRoutes {
    /** No inline script or style, nothing from another origin, no framing; the pages only call this origin's API. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** Order pages carry the order's token in their query: never send it to another site. */
    public static final String REFERRER_POLICY = "no-referrer";
    /** The storefront router's pages; each gets the shell, and the script renders the page. */
    public static final List<String> PAGES = List.of("/", "/search", "/cart", "/category/*", "/product/*", "/orders/*");
    static final String SHELL = "index.html";
    static final String ASSETS = "/assets/";

    private final StaticSite site;

    public StorefrontRoutes(StaticSite site) {
        this.site = site;
        if (site.find(SHELL).isEmpty()) {
            throw new IllegalArgumentException("the storefront has no " + SHELL);
        }
    }

    public void register(HttpRouting.Builder routing) {
        for (String page : PAGES) {
            routing.route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path(page).handler(this::shell).build());
        }
        routing.route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path(ASSETS + "*").handler(this::asset).build());
    }

    private void shell(ServerRequest req, ServerResponse anyRes) {
        ServerResponse res = HeadResponse.forRequest(req, anyRes);
        secure(res);
        send(req, res, site.find(SHELL).orElseThrow());
    }

    private void asset(ServerRequest req, ServerResponse anyRes) {
        ServerResponse res = HeadResponse.forRequest(req, anyRes);
        secure(res);
        // The route matched /assets/*, so the name starts with "assets/".
        answerAsset(site, req.path().path().substring(1), req, res);
    }

    /**
     * Answers file {@code name} of {@code site} (ETag, 304), or a 404 naming the request's path. An exact
     * lookup among the manifest's names: "..", "%2e%2e" or "//" can only miss.
     */
    public static void answerAsset(StaticSite site, String name, ServerRequest req, ServerResponse res) {
        var found = site.find(name);
        if (found.isEmpty()) {
            Http.problem(res, Problem.notFound("asset", req.path().path()), null);
            return;
        }
        send(req, res, found.get());
    }

    private static void send(ServerRequest req, ServerResponse res, StaticSite.Asset asset) {
        Caching.answerBytes(req, res, asset.tag(), asset.cacheControl(), asset.contentType(), asset.bytes());
    }

    /** The storefront's security headers; the console's pages send the same. */
    public static void secure(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), REFERRER_POLICY);
    }
}
