package dev.fivenines.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations console's browser checks, run by {@link StorefrontIT} against its cluster (one
 * cluster for the storefront and the console: CI time is tight). Each check signs in on a fresh
 * browser context; every wait is on a condition.
 */
final class ConsoleChecks {
    /** The roles the console lists (ConsoleTopology.ROLES); the engines are shown apart. */
    private static final Set<String> ROLES = Set.of("edge", "shop", "inventory", "fulfillment", "recommendations");

    private final Cluster cluster;
    private final StorefrontBrowser browser;
    private final String adminToken;

    ConsoleChecks(Cluster cluster, StorefrontBrowser browser, String adminToken) {
        this.cluster = cluster;
        this.browser = browser;
        this.adminToken = adminToken;
    }

    private String console() {
        return cluster.edge() + "/console";
    }

    /** Signs in on {@code page} through the form and waits for the topology panel. */
    Page signIn(BrowserContext context) {
        Page page = context.newPage();
        Response first = page.navigate(console());
        assertThat(first.status()).as("the console without a session is the sign-in form").isEqualTo(401);
        page.getByLabel("Admin token").fill(adminToken);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("h1#topology-title")).isVisible();
        assertThat(page.locator("#topology-summary")).containsText("instances ready");
        return page;
    }

    void refusesWithoutTheTokenAndSignsInWithIt() throws Exception {
        Cluster.Response form = cluster.get(console());
        assertThat(form.status()).as(form.toString()).isEqualTo(401);
        assertThat(form.body()).contains("action=\"/console/session\"").doesNotContain("topology-title");
        Cluster.Response api = cluster.get(cluster.edge() + "/admin/console/topology");
        assertThat(api.status()).as(api.toString()).isEqualTo(401);
        assertThat(api.contentType()).startsWith("application/problem+json");
        Cluster.Response traffic = cluster.get(cluster.edge() + "/admin/traffic");
        assertThat(traffic.status()).as(traffic.toString()).isEqualTo(401);

        try (BrowserContext context = browser.context(false)) {
            Page page = context.newPage();
            assertThat(page.navigate(console()).status()).isEqualTo(401);
            StorefrontBrowser.assertAccessible(page);
            String wrong = "not-the-admin-token-" + UUID.randomUUID();
            page.getByLabel("Admin token").fill(wrong);
            Response refused = page.waitForResponse(r -> r.url().endsWith("/console/session"),
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(page.locator("#login-message")).containsText("That is not the admin token");
            assertThat(page.content()).doesNotContain(wrong);
            assertThat(context.cookies()).as("no cookie for a wrong token").isEmpty();
            StorefrontBrowser.screenshot(page, "console-sign-in-refused");
            StorefrontBrowser.assertAccessible(page);

            page.getByLabel("Admin token").fill(adminToken);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.locator("h1#topology-title")).hasText("Topology");
            assertThat(context.cookies()).extracting(c -> c.name + " " + c.path + " " + c.httpOnly)
                    .containsExactlyInAnyOrder("fivenines_console /console true", "fivenines_console /admin true");

            // Signing out ends the session in this browser: the console is the form again.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page.locator("#login-message")).containsText("You are signed out");
            assertThat(page.navigate(console()).status()).isEqualTo(401);
        }
    }

    void showsEveryInstanceAndTheLedgerLeader() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode node : cluster.clusterState().path("instances")) {
            if (ROLES.contains(node.path("role").asText())) {
                names.add(node.path("name").asText());
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(8);
        try (BrowserContext context = browser.context(false)) {
            Page page = signIn(context);
            for (String name : names) {
                Locator row = page.locator("#topology-body tr", new Page.LocatorOptions()
                        .setHas(page.locator("th[scope=row]", new Page.LocatorOptions().setHasText(Pattern.compile("^" + name + "$"))))).first();
                assertThat(row).containsText("ready");
                assertThat(row).containsText(Long.toString(cluster.pidOf(name)));
            }
            assertThat(page.locator("#topology-body caption", new Page.LocatorOptions().setHasText("Group inventory")))
                    .hasText("Group inventory: leader " + ledgerLeaderInstance());
            StorefrontBrowser.screenshot(page, "console-topology");
            StorefrontBrowser.assertAccessible(page);
        }
        try (BrowserContext context = browser.context(true)) {
            Page page = signIn(context);
            StorefrontBrowser.assertFitsWidth(page);
            StorefrontBrowser.assertAccessible(page);
            StorefrontBrowser.screenshot(page, "console-mobile-topology");
        }
    }

    /** The instance the ledger's replicas name as leader of group "inventory", asked of each through the admin API. */
    private String ledgerLeaderInstance() throws Exception {
        Map<String, String> instanceOfPeer = new java.util.HashMap<>();
        String leader = null;
        for (JsonNode node : cluster.clusterState().path("instances")) {
            if (!node.path("role").asText().equals("inventory")) {
                continue;
            }
            Cluster.Response view = cluster.get("http://127.0.0.1:" + node.path("port").asInt() + "/admin/inventory",
                    Map.of("Authorization", "Bearer " + adminToken));
            assertThat(view.status()).as(view.toString()).isEqualTo(200);
            instanceOfPeer.put(view.json().path("peer").asText(), node.path("name").asText());
            for (JsonNode group : view.json().path("groups")) {
                if (group.path("isLeader").asBoolean()) {
                    leader = view.json().path("peer").asText();
                }
            }
        }
        assertThat(leader).as("a replica that leads group inventory").isNotNull();
        return instanceOfPeer.get(leader);
    }

    void showsAShopDrainedThroughTheAdminApi() throws Exception {
        String drain = cluster.edge() + "/admin/upstreams/shop-2/drain";
        String undrain = cluster.edge() + "/admin/upstreams/shop-2/undrain";
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + adminToken);
        try (BrowserContext context = browser.context(false)) {
            Page page = signIn(context);
            Locator shop2 = page.locator("#topology-body table", new Page.LocatorOptions().setHasText("Upstream shop"))
                    .locator("tr", new Locator.LocatorOptions().setHasText("shop-2"));
            assertThat(shop2).containsText("healthy");
            Cluster.Response drained = cluster.post(drain, "", bearer);
            assertThat(drained.status()).as(drained.toString()).isEqualTo(200);
            try {
                assertThat(shop2).containsText("drained");
                StorefrontBrowser.screenshot(page, "console-shop-2-drained");

                // From the signed-in page the cookie is enough to read, not to change: the CSRF header is needed.
                Object withoutHeader = page.evaluate("url => fetch(url, {method: 'POST'}).then(r => r.status)", "/admin/upstreams/shop-2/undrain");
                assertThat(((Number) withoutHeader).intValue()).isEqualTo(403);
                Object withHeader = page.evaluate("url => fetch(url, {method: 'POST', headers: {'X-Fivenines-Console': '1'}})"
                        + ".then(r => r.status)", "/admin/upstreams/shop-2/undrain");
                assertThat(((Number) withHeader).intValue()).isEqualTo(200);
                assertThat(shop2).containsText("healthy");
            } finally {
                Cluster.Response back = cluster.post(undrain, "", bearer);
                assertThat(back.status()).as(back.toString()).isEqualTo(200);
            }
        }
    }

    /** A non-zero admitted rate after some requests, then the latency of a checkout. */
    void chartsANonZeroAdmittedRateAfterSomeRequests() throws Exception {
        try (BrowserContext context = browser.context(false)) {
            Page page = signIn(context);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Traffic")).click();
            assertThat(page.locator("h1#traffic-title")).isVisible();
            assertThat(page.locator("#chart-admitted svg")).isVisible();
            // Requests that take an admission slot (an unknown cart: the shop's 404, never cached), in
            // bursts until the page has charted them; bounded, and each one's status asserted.
            int sent = 0;
            while (!admittedRateShown(page)) {
                assertThat(sent).as("requests sent without the console charting an admitted rate").isLessThan(3_000);
                for (int i = 0; i < 20; i++, sent++) {
                    String url = cluster.edge() + "/api/v1/carts/" + UUID.randomUUID();
                    Cluster.Response answer = untilAnswered(() -> cluster.get(url));
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
                }
            }
            assertThat(page.locator("#chart-admitted circle.dot").first()).isAttached();
            assertThat(page.locator("#traffic-summary")).containsText(Pattern.compile("Admitted \\d"));

            // A checkout through the edge shows in the latency chart's window (the last 10 s).
            // A shed attempt placed nothing, so each attempt is a new cart with a new key.
            Cluster.Response bought = untilAnswered(() -> {
                String key = UUID.randomUUID().toString();
                return cluster.buy("sku-000011", key, "console-" + key + "@example.com");
            });
            assertThat(bought.status()).as(bought.toString()).isEqualTo(201);
            assertThat(page.locator("#traffic-summary")).containsText(Pattern.compile("checkout p95 \\d"));
            assertThat(page.locator("#chart-latency circle.dot").first()).isAttached();
            StorefrontBrowser.screenshot(page, "console-traffic");
            StorefrontBrowser.assertAccessible(page);
        }
    }

    /** The latest admitted rate is above zero and the chart has a line (two readings or more) to show it. */
    private static boolean admittedRateShown(Page page) {
        Object shown = page.evaluate("() => Number(document.querySelector('#traffic-summary').dataset.admittedPerSecond || 0) > 0"
                + " && [...document.querySelectorAll('#chart-admitted path.line')].some(p => p.getAttribute('d').includes('L'))");
        return Boolean.TRUE.equals(shown);
    }

    /** Calls again after Retry-After while the answer is a shed one (503 or 429), at most 30 times. */
    private static Cluster.Response untilAnswered(Callable<Cluster.Response> call) throws Exception {
        Cluster.Response answer = call.call();
        for (int attempt = 1; attempt < 30 && answer.retryAfter() != null
                && (answer.status() == 503 || answer.status() == 429); attempt++) {
            Duration wait = Duration.ofSeconds(Math.max(1, Math.min(10, Long.parseLong(answer.retryAfter().strip()))));
            await().pollDelay(wait).atMost(wait.plusSeconds(5)).until(() -> true);
            answer = call.call();
        }
        return answer;
    }
}
