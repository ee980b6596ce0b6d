package dev.fivenines.edge.storefront;

import dev.fivenines.web.server.NodeServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storefront as the edge serves it, from the real classpath files, through a real server. */
class StorefrontRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static WebServer server;

    @BeforeAll
    static void start() {
        StorefrontRoutes storefront = new StorefrontRoutes(StaticSite.fromClasspath(StorefrontRoutesTest.class.getClassLoader()));
        server = new NodeServer().port(0).routes(storefront::register).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_page_of_the_router_gets_the_html_shell_with_a_strict_policy() throws Exception {
        for (String path : new String[]{"/", "/search?q=pan", "/cart", "/category/Kitchen", "/product/sku-000001",
                "/orders/0190c1b2-0000-7000-8000-000000000000"}) {
            HttpResponse<String> res = get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).as(path).hasValue("text/html; charset=utf-8");
            assertThat(res.body()).as(path).contains("<main id=\"main\"").contains("src=\"/assets/app.js\"");
            assertThat(res.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(StorefrontRoutes.CONTENT_SECURITY_POLICY);
            assertThat(res.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(res.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
        }
        assertThat(StorefrontRoutes.CONTENT_SECURITY_POLICY).contains("script-src 'self'").doesNotContain("unsafe");
    }

    @Test
    void the_shell_has_no_inline_script_or_style_for_the_policy_to_block() throws Exception {
        String html = get("/").body();
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("<style").doesNotContain("style=")
                .doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void assets_have_their_content_type_a_strong_etag_and_a_max_age() throws Exception {
        Map<String, String> types = Map.of("/assets/app.js", "text/javascript; charset=utf-8",
                "/assets/style.css", "text/css; charset=utf-8", "/assets/favicon.svg", "image/svg+xml");
        for (var e : types.entrySet()) {
            HttpResponse<String> res = get(e.getKey());
            assertThat(res.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).as(e.getKey()).hasValue(e.getValue());
            assertThat(res.headers().firstValue("ETag")).as(e.getKey()).hasValueSatisfying(tag -> assertThat(tag).startsWith("\""));
            assertThat(res.headers().firstValue("Cache-Control")).as(e.getKey()).hasValue(StaticSite.ASSET_CACHE_CONTROL);
            assertThat(res.headers().firstValue("X-Content-Type-Options")).as(e.getKey()).hasValue("nosniff");
        }
    }

    @Test
    void given_the_current_etag_when_asked_again_then_304_without_a_body() throws Exception {
        HttpResponse<String> first = get("/assets/app.js");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/assets/app.js", "If-None-Match", tag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(tag);
        HttpResponse<String> stale = get("/assets/app.js", "If-None-Match", "\"not-this-one\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void head_answers_the_headers_of_get_without_the_body() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/assets/style.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEmpty();
        assertThat(res.headers().firstValueAsLong("Content-Length").orElse(0)).isPositive();
    }

    @Test
    void an_asset_not_in_the_manifest_is_a_problem_404() throws Exception {
        HttpResponse<String> res = get("/assets/nope.js");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // The shell is a page, not an asset; the manifest itself is not served at all.
        assertThat(get("/assets/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/assets/MANIFEST").statusCode()).isEqualTo(404);
    }

    @Test
    void path_traversal_reaches_nothing_outside_the_site() throws Exception {
        for (String target : new String[]{"/assets/../MANIFEST", "/assets/%2e%2e/MANIFEST", "/assets/..%2fMANIFEST",
                "/assets/%2e%2e/%2e%2e/dev/fivenines/edge/Edge.class", "/assets/%2E%2E%2FMANIFEST",
                "/assets/..\\MANIFEST"}) {
            String status = rawStatusLine(target);
            assertThat(status).as(target).doesNotContain(" 200 ");
        }
    }

    /** Sends the target byte for byte (a Java client would normalise or refuse it). */
    private static String rawStatusLine(String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            return head.lines().findFirst().orElse("") + " ";
        }
    }

    @Test
    void paths_outside_the_storefront_are_not_answered_with_html() throws Exception {
        HttpResponse<String> res = get("/api/nope");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void a_site_refuses_names_that_could_escape_it_and_types_it_would_guess() {
        assertThatThrownBy(() -> StaticSite.of(Map.of("../secret.js", new byte[0]))).hasMessageContaining("../secret.js");
        assertThatThrownBy(() -> StaticSite.of(Map.of("/abs.js", new byte[0]))).hasMessageContaining("/abs.js");
        assertThatThrownBy(() -> StaticSite.of(Map.of("assets/x.exe", new byte[0]))).hasMessageContaining("no content type");
        assertThatThrownBy(() -> new StorefrontRoutes(StaticSite.of(Map.of("assets/app.js", new byte[0]))))
                .hasMessageContaining("index.html");
    }

    @Test
    void every_file_the_manifest_names_is_on_the_classpath_and_the_shell_is_among_them() {
        StaticSite site = StaticSite.fromClasspath(getClass().getClassLoader());
        assertThat(site.names()).contains("index.html", "assets/app.js", "assets/api.js", "assets/cart.js",
                "assets/pages.js", "assets/view.js", "assets/style.css");
    }
}
