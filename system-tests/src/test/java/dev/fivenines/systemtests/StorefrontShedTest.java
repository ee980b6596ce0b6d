package dev.fivenines.systemtests;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.fivenines.base.Problem;
import dev.fivenines.edge.storefront.StaticSite;
import dev.fivenines.edge.storefront.StorefrontRoutes;
import dev.fivenines.web.Http;
import dev.fivenines.web.server.NodeServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront in a real browser against a stub shop that sheds: the page says it is busy and
 * when it retries, waits out Retry-After, and renders once the shop answers. A stub, because
 * making the real cluster shed on cue would take a flood and a timing bet.
 */
class StorefrontShedTest {
    private static final Map<String, Object> PRODUCT = Map.of("id", "sku-000001", "name", "Classic Kettle (Slate)",
            "description", "A kettle.", "category", "Kitchen", "price", Map.of("amount", "12.50", "currency", "USD"));
    private static final AtomicInteger productCalls = new AtomicInteger();
    private static final List<Long> callNanos = new CopyOnWriteArrayList<>();
    private static WebServer server;
    private static StorefrontBrowser browser;

    @BeforeAll
    static void start() {
        StorefrontRoutes storefront = new StorefrontRoutes(StaticSite.fromClasspath(StorefrontShedTest.class.getClassLoader()));
        server = new NodeServer().port(0).routes(routing -> {
            storefront.register(routing);
            routing.get("/api/v1/products", (req, res) -> {
                int call = productCalls.incrementAndGet();
                callNanos.add(System.nanoTime());
                if (call == 1) {
                    Http.problem(res, Problem.of(503, "overloaded", "Overloaded", "shedding SHEDDABLE_PLUS"), 2);
                } else if (call == 2) {
                    Http.problem(res, Problem.of(429, "too-many-requests", "Too many requests", "over quota"), 1);
                } else {
                    Http.json(res, 200, Map.of("items", List.of(PRODUCT), "page", 0, "size", 8, "total", 1));
                }
            });
            routing.get("/api/v1/categories", (req, res) -> Http.json(res, 200, Map.of("items", List.of("Kitchen"))));
            routing.get("/api/v1/recommendations", (req, res) ->
                    Http.json(res, 200, Map.of("product", "sku-000001", "items", List.of(), "source", "co-purchase")));
        }).start();
        browser = new StorefrontBrowser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.stop();
    }

    @Test
    void given_a_shedding_shop_when_the_home_page_loads_then_it_says_busy_retries_after_retry_after_and_renders() {
        try (BrowserContext context = browser.context(false)) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + server.port() + "/");
            var busy = page.locator("#busy");
            // 503 with Retry-After: 2, then 429 with Retry-After: 1: each is counted down on the page.
            assertThat(busy).hasText(Pattern.compile("busy right now\\. Retrying in [12] s"));
            StorefrontBrowser.screenshot(page, "shed-busy");
            assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Classic Kettle (Slate)"))).isVisible();
            assertThat(busy).isHidden();
            StorefrontBrowser.screenshot(page, "shed-recovered");
        }
        org.assertj.core.api.Assertions.assertThat(productCalls.get()).as("503, 429, then 200").isEqualTo(3);
        // The page waited out each Retry-After (2 s, then 1 s) before asking again.
        long firstGapMillis = (callNanos.get(1) - callNanos.get(0)) / 1_000_000;
        long secondGapMillis = (callNanos.get(2) - callNanos.get(1)) / 1_000_000;
        org.assertj.core.api.Assertions.assertThat(firstGapMillis).as("wait after Retry-After: 2").isGreaterThanOrEqualTo(1_900);
        org.assertj.core.api.Assertions.assertThat(secondGapMillis).as("wait after Retry-After: 1").isGreaterThanOrEqualTo(900);
    }
}
