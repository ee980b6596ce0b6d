package dev.fivenines.systemtests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Debian chromium driven by Playwright for Java, for the storefront's tests: no browser
 * download (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, else the driver hangs retrying one), axe-core injected
 * from test resources, screenshots kept under target/storefront-screenshots.
 */
final class StorefrontBrowser implements AutoCloseable {
    /** Debian's chromium (.ci/run installs it); CHROMIUM overrides. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "storefront-screenshots");
    /** Every Playwright wait in these tests (a busy 2-core CI box; the waits are on conditions, never fixed). */
    static final double WAIT_MILLIS = 30_000;
    private static final String AXE = readAxe();

    private final Playwright playwright;
    private final Browser browser;

    StorefrontBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                // Root in a container has no user namespace sandbox for chromium.
                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
    }

    /** A fresh context (empty cache, cookies and storage) at desktop width, or phone width when {@code mobile}. */
    BrowserContext context(boolean mobile) {
        Browser.NewContextOptions options = new Browser.NewContextOptions();
        options = mobile ? options.setViewportSize(390, 844).setIsMobile(true).setHasTouch(true)
                : options.setViewportSize(1280, 900);
        BrowserContext context = browser.newContext(options);
        context.setDefaultTimeout(WAIT_MILLIS);
        return context;
    }

    /** Runs axe-core on the page and returns its serious and critical violations ("id: help (n nodes)"). */
    static List<String> seriousViolations(Page page) {
        // evaluate runs through the devtools protocol, so the page's CSP does not stop the injected engine.
        page.evaluate(AXE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                        + ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
                        + " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))");
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                serious.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + ", " + v.get("nodes")
                        + " nodes, e.g. " + v.get("targets"));
            }
        }
        System.out.printf("axe-core on %s: %d violations %s, %d serious or critical%n", page.url(), violations.size(),
                violations.stream().map(v -> v.get("id") + "/" + v.get("impact")).toList(), serious.size());
        return serious;
    }

    static void assertAccessible(Page page) {
        assertThat(seriousViolations(page)).as("axe-core serious/critical violations on %s", page.url()).isEmpty();
    }

    /** Nothing wider than the viewport: the page needs no sideways scrolling. */
    static void assertFitsWidth(Page page) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow in px on %s", page.url()).isLessThanOrEqualTo(0);
    }

    /** The page's Largest Contentful Paint so far, in ms from navigation start (PerformanceObserver, buffered). */
    static double largestContentfulPaintMillis(Page page) {
        Object lcp = page.evaluate("() => new Promise(resolve => new PerformanceObserver(list => {"
                + " const entries = list.getEntries(); resolve(entries[entries.length - 1].startTime); })"
                + ".observe({type: 'largest-contentful-paint', buffered: true}))");
        return ((Number) lcp).doubleValue();
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + SCREENSHOTS, e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static String readAxe() {
        try (InputStream in = StorefrontBrowser.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core missing from test resources (/axe/axe.min.js)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read axe-core", e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
