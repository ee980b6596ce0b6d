package dev.fivenines.edge.console;

import dev.fivenines.edge.storefront.StaticSite;
import dev.fivenines.edge.storefront.StorefrontRoutes;
import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;
import dev.fivenines.web.server.NodeServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's sign-in, pages and the cookie's use on the admin API, through a real server. */
class ConsoleRoutesTest {
    private static final String TOKEN = "console-test-token-0123";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final AtomicLong NOW = new AtomicLong(1_800_000_000L);
    private static final ConsoleSessions SESSIONS = new ConsoleSessions(TOKEN, NOW::get, ConsoleSessions.DEFAULT_TTL_SECONDS);
    private static WebServer server;

    @BeforeAll
    static void start() {
        AdminAccess access = new AdminAccess(new AdminToken(TOKEN), SESSIONS);
        ConsoleRoutes console = new ConsoleRoutes(StaticSite.fromClasspath(ConsoleRoutesTest.class.getClassLoader(),
                ConsoleRoutes.ROOT), access, () -> Map.of("roles", List.of()), false);
        server = new NodeServer().port(0).routes(routing -> {
            console.register(routing);
            routing.get("/admin/thing", (req, res) -> {
                access.require(req);
                Http.json(res, 200, Map.of("ok", true));
            }).post("/admin/thing", (req, res) -> {
                access.require(req);
                Http.json(res, 200, Map.of("changed", true));
            });
        }).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signIn(String token) throws Exception {
        return send(request("/console/session", "Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    }

    private static String cookieOf(HttpResponse<String> signedIn) {
        String setCookie = signedIn.headers().allValues("Set-Cookie").getFirst();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void without_a_session_the_console_is_the_sign_in_form_with_a_401_and_the_storefronts_headers() throws Exception {
        HttpResponse<String> res = send(request("/console").GET());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(res.body()).contains("<form class=\"login-form\" method=\"post\" action=\"/console/session\"")
                .doesNotContain(ConsoleRoutes.MESSAGE_SLOT).doesNotContain("role=\"alert\"");
        assertThat(res.headers().firstValue("Content-Security-Policy")).hasValue(StorefrontRoutes.CONTENT_SECURITY_POLICY);
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(res.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void a_wrong_token_gets_the_form_again_with_a_clear_message_that_never_echoes_it() throws Exception {
        HttpResponse<String> res = signIn("not-the-token-<script>");
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(res.body()).contains("That is not the admin token").doesNotContain("not-the-token");
        assertThat(signIn("").statusCode()).isEqualTo(401);
        assertThat(send(request("/console/session").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
    }

    @Test
    void the_token_sets_an_http_only_strict_cookie_on_console_and_admin_and_goes_back_to_the_console() throws Exception {
        HttpResponse<String> res = signIn(TOKEN);
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue("/console");
        List<String> cookies = res.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(2);
        assertThat(cookies).anySatisfy(c -> assertThat(c).contains("; Path=/console;"))
                .anySatisfy(c -> assertThat(c).contains("; Path=/admin;"))
                .allSatisfy(c -> assertThat(c).startsWith(AdminAccess.COOKIE + "=").contains("HttpOnly")
                        .contains("SameSite=Strict").contains("Max-Age=28800").doesNotContain(TOKEN));

        HttpResponse<String> console = send(request("/console", "Cookie", cookieOf(res)).GET());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("src=\"/console/assets/console.js\"").contains("Topology").contains("Traffic");
        assertThat(console.headers().firstValue("Content-Security-Policy")).hasValue(StorefrontRoutes.CONTENT_SECURITY_POLICY);
    }

    @Test
    void the_cookie_reads_the_admin_api_but_changes_nothing_without_the_csrf_header() throws Exception {
        String cookie = cookieOf(signIn(TOKEN));
        assertThat(send(request("/admin/thing", "Cookie", cookie).GET()).statusCode()).isEqualTo(200);
        assertThat(send(request("/admin/console/topology", "Cookie", cookie).GET()).statusCode()).isEqualTo(200);

        HttpResponse<String> noHeader = send(request("/admin/thing", "Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noHeader.statusCode()).isEqualTo(403);
        assertThat(noHeader.body()).contains("csrf-header-missing").contains(AdminAccess.CSRF_HEADER);
        assertThat(send(request("/admin/thing", "Cookie", cookie, AdminAccess.CSRF_HEADER, "0")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(send(request("/admin/thing", "Cookie", cookie, AdminAccess.CSRF_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void the_bearer_token_needs_no_cookie_and_no_csrf_header_and_nothing_is_a_401() throws Exception {
        assertThat(send(request("/admin/thing", "Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);
        assertThat(send(request("/admin/thing", "Authorization", "Bearer wrong-token-0123456789").GET()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> nothing = send(request("/admin/thing").GET());
        assertThat(nothing.statusCode()).isEqualTo(401);
        assertThat(nothing.headers().firstValue("Content-Type")).hasValue(Http.PROBLEM_JSON);
        assertThat(send(request("/admin/console/topology").GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void a_tampered_or_expired_cookie_is_refused_and_the_form_says_why() throws Exception {
        String cookie = cookieOf(signIn(TOKEN));
        String tampered = cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("A") ? "B" : "A");
        assertThat(send(request("/admin/thing", "Cookie", tampered).GET()).statusCode()).isEqualTo(401);
        HttpResponse<String> form = send(request("/console", "Cookie", tampered).GET());
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("not valid here");

        String expired = AdminAccess.COOKIE + "=" + new ConsoleSessions(TOKEN, () -> NOW.get() - 9 * 3600,
                ConsoleSessions.DEFAULT_TTL_SECONDS).issue();
        HttpResponse<String> api = send(request("/admin/thing", "Cookie", expired).GET());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("expired");
        assertThat(send(request("/console", "Cookie", expired).GET()).body()).contains("Your console session expired");
    }

    @Test
    void signing_out_expires_both_cookies_and_needs_the_csrf_header() throws Exception {
        String cookie = cookieOf(signIn(TOKEN));
        assertThat(send(request("/console/session/end", "Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(403);
        HttpResponse<String> out = send(request("/console/session/end", "Cookie", cookie, AdminAccess.CSRF_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().allValues("Set-Cookie")).hasSize(2)
                .allSatisfy(c -> assertThat(c).startsWith(AdminAccess.COOKIE + "=;").contains("Max-Age=0"));
        HttpResponse<String> after = send(request("/console?signed-out=1").GET());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("You are signed out");
    }

    @Test
    void the_consoles_assets_are_served_from_its_manifest_only() throws Exception {
        HttpResponse<String> js = send(request("/console/assets/console.js").GET());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("ETag")).isPresent();
        assertThat(send(request("/console/assets/nope.js").GET()).statusCode()).isEqualTo(404);
        assertThat(send(request("/console/assets/..%2fMANIFEST").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void the_pages_have_no_inline_script_or_style_for_the_policy_to_block() throws Exception {
        String cookie = cookieOf(signIn(TOKEN));
        for (String html : new String[]{send(request("/console").GET()).body(), send(request("/console", "Cookie", cookie).GET()).body()}) {
            assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("<style")
                    .doesNotContain("style=").doesNotContainPattern("\\son[a-z]+=");
        }
    }
}
