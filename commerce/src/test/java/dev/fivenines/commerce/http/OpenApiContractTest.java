package dev.fivenines.commerce.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fivenines.base.Ids;
import dev.fivenines.commerce.fulfillment.FulfillmentConfig;
import dev.fivenines.commerce.fulfillment.FulfillmentServices;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;
import dev.fivenines.commerce.recommendation.RecommendationServices;
import dev.fivenines.commerce.replenishment.ReplenishmentConfig;
import dev.fivenines.commerce.replenishment.ReplenishmentServices;
import dev.fivenines.commerce.replenishment.SimulatedSupplier;
import dev.fivenines.commerce.shop.ShopServices;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.inventory.sql.PgStockLedger;
import dev.fivenines.web.ApiRoutes;
import io.helidon.webserver.http.HttpRouting;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the served routes say the same thing: every route registered through
 * ApiRoutes by the shop's services is documented, and every documented operation is served (by the
 * shop, or by another role listed here).
 */
class OpenApiContractTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static JsonNode document;
    private static Database unreachable;

    @BeforeAll
    static void load() throws Exception {
        document = new YAMLMapper().readTree(OpenApiDocument.load());
        // Registering routes touches no database: a pool pointing nowhere is enough.
        unreachable = Database.connect(new DbSettings("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", 1, 250), "openapi-test");
    }

    @AfterAll
    static void close() {
        unreachable.close();
    }

    private static Set<String> servedRoutes() {
        Clock clock = Clock.systemUTC();
        Ids ids = new Ids(clock::millis, new SplittableRandom(1));
        try (ShopServices shop = ShopServices.create(unreachable, new PgStockLedger(unreachable, clock),
                SimulatedPaymentProvider.create(0, 0, 1), (id, limit) -> List.of(),
                new SqlOutbox("/test", ids, TextMapPropagator.noop()), clock, ids)) {
            Set<String> routes = new TreeSet<>();
            for (ApiRoutes.Route route : shop.register(HttpRouting.builder())) {
                routes.add(route.method().toUpperCase(Locale.ROOT) + " " + route.path());
            }
            // The other roles behind the same edge and the same document.
            ApiRoutes others = new ApiRoutes(HttpRouting.builder());
            RecommendationServices.create(unreachable, "openapi-contract-token").api().register(others);
            try (FulfillmentServices fulfillment = FulfillmentServices.create(unreachable,
                    new SqlOutbox("/test", ids, TextMapPropagator.noop()), clock, ids, FulfillmentConfig.defaults())) {
                fulfillment.api().register(others);
            }
            try (ReplenishmentServices replenishment = ReplenishmentServices.create(unreachable,
                    new SqlOutbox("/test", ids, TextMapPropagator.noop()), clock, ids,
                    new SimulatedSupplier(SimulatedSupplier.Config.defaults(1), clock), (sku, units, receipt) -> { },
                    ReplenishmentConfig.defaults())) {
                replenishment.api().register(others);
            }
            for (ApiRoutes.Route route : others.routes()) {
                routes.add(route.method().toUpperCase(Locale.ROOT) + " " + route.path());
            }
            return routes;
        }
    }

    private static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> keys = document.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (HTTP_METHODS.contains(key)) {
                    operations.add(key.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    @Test
    void givenTheShopServices_whenTheirRoutesAreComparedWithTheDocument_thenEachSideHasExactlyTheOthersOperations() {
        Set<String> expected = new TreeSet<>(servedRoutes());

        assertThat(documentedOperations()).isEqualTo(expected);
    }

    @Test
    void givenTheDocument_whenRead_thenItIsOpenApi31ServedUnderApiV1() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.get("servers").get(0).get("url").asText()).isEqualTo(ApiRoutes.PREFIX);
    }

    @Test
    void givenEveryOperationButTheDocumentItself_whenItsResponsesAreRead_thenItHasASuccessSchemaAndProblemResponses() {
        List<String> missing = new ArrayList<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (path.equals("/openapi.yaml")) {
                continue;
            }
            for (Iterator<String> keys = document.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
                String method = keys.next();
                JsonNode responses = document.get("paths").get(path).get(method).get("responses");
                boolean success = false;
                boolean problem = false;
                for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    JsonNode response = resolve(responses.get(code));
                    if (code.startsWith("2") && response.at("/content/application~1json/schema").isObject()) {
                        success = true;
                    }
                    if ((code.startsWith("4") || code.startsWith("5")) && response.at("/content/application~1problem+json/schema").isObject()) {
                        problem = true;
                    }
                }
                if (!success || !problem) {
                    missing.add(method + " " + path + (success ? "" : " (no JSON success schema)") + (problem ? "" : " (no problem response)"));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void givenEveryReferenceInTheDocument_whenResolved_thenItPointsAtSomething() {
        List<String> dangling = new ArrayList<>();
        collectDangling(document, dangling);
        assertThat(dangling).isEmpty();
    }

    /**
     * {@code redocly lint} (recommended rules, {@code redocly.yaml} at the repository root) finds
     * nothing. Needs the CLI ({@code npm install -g @redocly/cli}); skipped where it is not installed.
     */
    @Test
    void givenTheRedoclyLinter_whenItLintsTheDocument_thenItIsClean() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath().getParent();
        java.util.Optional<java.nio.file.Path> redocly = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> java.nio.file.Path.of(dir, "redocly")).filter(java.nio.file.Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(redocly.isPresent() && java.nio.file.Files.exists(root.resolve("redocly.yaml")),
                "redocly is not installed (npm install -g @redocly/cli)");
        java.nio.file.Path output = java.nio.file.Files.createTempFile("redocly-lint", ".txt");
        Process lint = new ProcessBuilder(redocly.get().toString(), "lint", "--format=stylish")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        boolean finished = lint.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!finished) {
            lint.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        String text = java.nio.file.Files.readString(output);
        java.nio.file.Files.delete(output);

        assertThat(finished).as("redocly lint finished within 120 s").isTrue();
        assertThat(lint.exitValue()).as(text).isZero();
        // Stylish findings look like "  529:5  warning  no-unused-components ..." (a Node.js notice is no finding).
        assertThat(text).as(text).doesNotContainPattern("\\d+:\\d+\\s+(error|warning)\\s").contains("Your API description is valid");
    }

    private static void collectDangling(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                dangling.add(ref.asText());
            }
            node.forEach(child -> collectDangling(child, dangling));
        } else if (node.isArray()) {
            node.forEach(child -> collectDangling(child, dangling));
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }
}
