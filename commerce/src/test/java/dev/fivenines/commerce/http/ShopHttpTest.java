package dev.fivenines.commerce.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.testing.ShopFixture;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;

/** The shop's routes through a real Helidon server on a free port, with java.net.http as the client. */
class ShopHttpTest {
    private static ShopFixture f;
    private static WebServer server;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() {
        f = new ShopFixture("http");
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing -> f.shop.register(routing)).build().start();
        base = "http://127.0.0.1:" + server.port() + "/api/v1";
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
        client.close();
        f.close();
    }

    record Answer(int status, String contentType, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static Answer send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = contentType.contains("json") ? Json.mapper().readTree(response.body()) : null;
        return new Answer(response.statusCode(), contentType, json, response);
    }

    private static void assertProblem(Answer answer, int status, String detailFragment) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("type").asText()).startsWith("/problems/");
        String text = answer.json().toString();
        assertThat(text).contains(detailFragment);
    }

    private static String newCart() throws Exception {
        Answer created = send("POST", "/carts", null);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void givenTheCatalog_whenListedFilteredAndPaged_thenPagesOfProductsWithMoneyAsDecimalStrings() throws Exception {
        Answer page = send("GET", "/products?page=1&size=5", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("application/json");
        assertThat(page.json().get("items")).hasSize(5);
        assertThat(page.json().get("total").asInt()).isEqualTo(ShopFixture.PRODUCTS);
        assertThat(page.json().get("items").get(0).get("id").asText()).isEqualTo(sku(6));
        assertThat(page.json().get("items").get(0).get("price").get("amount").asText()).matches("\\d+\\.\\d{2}");
        assertThat(page.json().get("items").get(0).get("price").get("currency").asText()).isEqualTo("USD");

        Answer books = send("GET", "/products?category=Books&size=100", null);
        assertThat(books.json().get("items")).allSatisfy(p -> assertThat(p.get("category").asText()).isEqualTo("Books"));
        assertThat(send("GET", "/categories", null).json().get("items")).hasSize(10);
    }

    @Test
    void givenBadPagingOrSearch_whenListed_thenA400NamingTheParameter() throws Exception {
        assertProblem(send("GET", "/products?page=-1", null), 400, "page");
        assertProblem(send("GET", "/products?size=0", null), 400, "size");
        assertProblem(send("GET", "/products?size=101", null), 400, "size");
        assertProblem(send("GET", "/products?size=abc", null), 400, "size");
        assertProblem(send("GET", "/products?q=" + "x".repeat(101), null), 400, "q");
    }

    @Test
    void givenAProduct_whenFetched_thenItComesWithRecommendationsAndTheirSourceEvenWhenTheSourceFails() throws Exception {
        f.recommendations = (id, limit) -> List.of(sku(2), sku(3));
        Answer fromSource = send("GET", "/products/" + sku(1), null);
        assertThat(fromSource.status()).isEqualTo(200);
        assertThat(fromSource.json().get("recommendationsSource").asText()).isEqualTo("co-purchase");
        assertThat(fromSource.json().get("recommendations")).hasSize(2);
        assertThat(fromSource.json().get("recommendations").get(0).get("id").asText()).isEqualTo(sku(2));

        f.recommendations = (id, limit) -> {
            throw new IllegalStateException("recommendations role down");
        };
        Answer fallback = send("GET", "/products/" + sku(1), null);
        assertThat(fallback.status()).isEqualTo(200);
        assertThat(fallback.json().get("recommendationsSource").asText()).isEqualTo("top-sellers");
        f.recommendations = (id, limit) -> List.of();

        assertProblem(send("GET", "/products/sku-999999", null), 404, "sku-999999");
    }

    @Test
    void givenAProduct_whenFetched_thenItShowsTheUnitsTheLedgerHasAvailable() throws Exception {
        f.setOnHand(sku(7), 12);
        var page = send("GET", "/products/" + sku(7), null).json();
        assertThat(page.get("availableUnits").asInt()).isEqualTo(12);
        assertThat(page.get("stockMaxStalenessMillis").isIntegralNumber()).as("the SQL ledger reads strong: staleness 0").isTrue();
        assertThat(page.get("stockMaxStalenessMillis").asLong()).isZero();

        f.setOnHand(sku(7), 0);
        var withinTheBound = send("GET", "/products/" + sku(7), null).json();
        assertThat(withinTheBound.get("availableUnits").asInt()).as("the figure read a moment ago, within its 2 s bound")
                .isEqualTo(12);
        assertThat(withinTheBound.get("stockMaxStalenessMillis").asLong()).isBetween(0L, 2000L);
        f.clock.advance(java.time.Duration.ofMillis(2001));
        Answer soldOut = send("GET", "/products/" + sku(7), null);
        assertThat(soldOut.json().get("availableUnits").isInt()).isTrue();
        assertThat(soldOut.json().get("availableUnits").asInt()).isZero();
        assertProblem(send("GET", "/products/" + "x".repeat(80), null), 404, "does not exist");
    }

    @Test
    void givenACart_whenLinesAreAddedSetAndRemoved_thenTheCartIsRepricedEachTime() throws Exception {
        String cart = newCart();
        Answer added = send("POST", "/carts/" + cart + "/lines", "{\"productId\":\"" + sku(1) + "\",\"quantity\":2}");
        assertThat(added.status()).isEqualTo(200);
        send("POST", "/carts/" + cart + "/lines", "{\"productId\":\"" + sku(1) + "\",\"quantity\":3}");
        Answer set = send("PUT", "/carts/" + cart + "/lines/" + sku(2), "{\"quantity\":4}");
        assertThat(set.json().get("itemCount").asInt()).isEqualTo(9);
        assertThat(set.json().get("lines")).hasSize(2);
        assertThat(set.json().get("lines").get(0).get("quantity").asInt()).isEqualTo(5);

        Answer removed = send("DELETE", "/carts/" + cart + "/lines/" + sku(1), null);
        assertThat(removed.json().get("itemCount").asInt()).isEqualTo(4);
        Answer read = send("GET", "/carts/" + cart, null);
        assertThat(read.json()).isEqualTo(removed.json());
        assertThat(read.json().get("total").get("amount").asText())
                .isEqualTo(read.json().get("lines").get(0).get("lineTotal").get("amount").asText());
    }

    @Test
    void givenBadCartInput_whenSent_thenEachIsA4xxProblemSayingWhatIsWrong() throws Exception {
        String cart = newCart();
        String lines = "/carts/" + cart + "/lines";
        assertProblem(send("POST", lines, "{\"productId\": \"" + sku(1) + "\", \"quantity\": "), 400, "malformed JSON");
        assertProblem(send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":-1}"), 400, "quantity");
        assertProblem(send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":\"two\"}"), 400, "quantity");
        assertProblem(send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":1.5}"), 400, "quantity");
        assertProblem(send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":1,\"discount\":50}"), 400, "discount");
        assertProblem(send("POST", lines, "{\"quantity\":1}"), 400, "productId");
        assertProblem(send("POST", lines, "[]"), 400, "body");
        assertProblem(send("POST", lines, ""), 400, "empty");
        assertProblem(send("POST", lines, "{\"productId\":\"sku-999999\",\"quantity\":1}"), 404, "sku-999999");
        assertProblem(send("POST", "/carts/" + UUID.randomUUID() + "/lines", "{\"productId\":\"" + sku(1) + "\",\"quantity\":1}"), 404, "cart");
        assertProblem(send("GET", "/carts/not-a-cart", null), 404, "UUID");
        send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":990}");
        assertProblem(send("POST", lines, "{\"productId\":\"" + sku(1) + "\",\"quantity\":10}"), 422, "at most 999");
        assertProblem(send("PUT", lines + "/" + sku(1), "{\"quantity\":0}"), 400, "quantity");
        assertProblem(send("PUT", lines + "/" + sku(1), "{\"quantity\":1000}"), 400, "quantity");
    }

    @Test
    void givenAHugeBody_whenSent_thenA413BeforeItIsRead() throws Exception {
        String cart = newCart();
        String huge = "{\"productId\":\"" + "x".repeat(10 * 1024 * 1024) + "\",\"quantity\":1}";
        assertProblem(send("POST", "/carts/" + cart + "/lines", huge), 413, "exceeds");
    }

    @Test
    void givenACart_whenCheckedOutOverHttp_thenIdempotencyRulesHoldAndTheOrderCanBeReadAndCancelled() throws Exception {
        String cart = newCart();
        send("POST", "/carts/" + cart + "/lines", "{\"productId\":\"" + sku(3) + "\",\"quantity\":2}");
        String body = "{\"cartId\":\"" + cart + "\",\"email\":\"ann@example.com\"}";

        assertProblem(send("POST", "/checkout", body), 400, "Idempotency-Key");
        assertProblem(send("POST", "/checkout", body, "Idempotency-Key", "k".repeat(129)), 400, "128");
        assertProblem(send("POST", "/checkout", "{\"cartId\":\"nope\",\"email\":\"not-an-email\"}", "Idempotency-Key", "bad-1"),
                400, "email");

        String key = "http-" + UUID.randomUUID();
        Answer placed = send("POST", "/checkout", body, "Idempotency-Key", key);
        assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
        String orderId = placed.json().get("id").asText();
        assertThat(placed.header("Location")).isEqualTo("/api/v1/orders/" + orderId);

        Answer replay = send("POST", "/checkout", "{ \"email\": \"ann@example.com\", \"cartId\": \"" + cart + "\" }", "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw().body()).isEqualTo(placed.raw().body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        assertProblem(send("POST", "/checkout", "{\"cartId\":\"" + cart + "\",\"email\":\"bob@example.com\"}", "Idempotency-Key", key),
                422, "different request");
        assertProblem(send("POST", "/checkout", body, "Idempotency-Key", "http-" + UUID.randomUUID()), 409, "already been checked out");

        String token = placed.json().path("accessToken").asText();
        assertThat(token).as("checkout's 201 hands out the order's access token").matches("[A-Za-z0-9_-]{22}");
        assertThat(replay.json().path("accessToken").asText()).isEqualTo(token);

        Answer order = send("GET", "/orders/" + orderId, null, "X-Order-Token", token);
        assertThat(order.json().get("status").asText()).isEqualTo("PLACED");
        assertThat(order.json().has("accessToken")).as("a read does not hand the token out again").isFalse();
        assertThat(send("GET", "/orders/" + orderId + "?token=" + token, null).status()).isEqualTo(200);
        assertThat(order.json().get("payment").get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(order.json().get("total").get("amount").asText()).isEqualTo(placed.json().get("total").get("amount").asText());

        Answer cancelled = send("POST", "/orders/" + orderId + "/cancel", null, "X-Order-Token", token);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertProblem(send("POST", "/orders/" + orderId + "/cancel", null, "X-Order-Token", token), 409, "CANCELLED");
        assertProblem(send("GET", "/orders/" + UUID.randomUUID(), null), 404, "order");
    }

    @Test
    void givenAnOrder_whenReadOrCancelledWithoutItsToken_thenTheAnswerIsTheSame404AsForNoOrderAtAll() throws Exception {
        String cart = newCart();
        send("POST", "/carts/" + cart + "/lines", "{\"productId\":\"" + sku(6) + "\",\"quantity\":1}");
        Answer placed = send("POST", "/checkout", "{\"cartId\":\"" + cart + "\",\"email\":\"ann@example.com\"}",
                "Idempotency-Key", "tok-" + UUID.randomUUID());
        assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
        String orderId = placed.json().get("id").asText();
        String token = placed.json().path("accessToken").asText();
        String otherToken = "A".repeat(22);

        for (String[] attempt : List.of(new String[0], new String[]{"X-Order-Token", otherToken},
                new String[]{"X-Order-Token", token.substring(1)})) {
            Answer read = send("GET", "/orders/" + orderId, null, attempt);
            Answer cancel = send("POST", "/orders/" + orderId + "/cancel", null, attempt);
            Answer unknown = send("GET", "/orders/" + orderId.replace(orderId.charAt(35), orderId.charAt(35) == '0' ? '1' : '0'),
                    null, attempt);
            for (Answer answer : List.of(read, cancel, unknown)) {
                assertProblem(answer, 404, "does not exist");
                assertThat(answer.json().get("type").asText()).isEqualTo(unknown.json().get("type").asText());
            }
            assertThat(read.json().toString()).doesNotContain("ann@example.com");
        }
        assertThat(send("GET", "/orders/" + orderId, null, "X-Order-Token", token).json().get("status").asText())
                .as("nothing above cancelled it").isEqualTo("PLACED");
    }

    @Test
    void givenCheckoutProblems_whenSentOverHttp_thenStatusesAndProblemTypesAreTheDocumentedOnes() throws Exception {
        String declined = newCart();
        send("POST", "/carts/" + declined + "/lines", "{\"productId\":\"" + sku(4) + "\",\"quantity\":1}");
        Answer answer = send("POST", "/checkout", "{\"cartId\":\"" + declined + "\",\"email\":\"x@decline.test\"}",
                "Idempotency-Key", "d-" + UUID.randomUUID());
        assertProblem(answer, 402, "declined");

        String scarce = newCart();
        send("POST", "/carts/" + scarce + "/lines", "{\"productId\":\"" + sku(5) + "\",\"quantity\":999}");
        Answer short_ = send("POST", "/checkout", "{\"cartId\":\"" + scarce + "\",\"email\":\"a@example.com\"}",
                "Idempotency-Key", "s-" + UUID.randomUUID());
        assertProblem(short_, 409, sku(5));
        assertThat(short_.json().get("type").asText()).isEqualTo("/problems/out-of-stock");

        String empty = newCart();
        assertProblem(send("POST", "/checkout", "{\"cartId\":\"" + empty + "\",\"email\":\"a@example.com\"}",
                "Idempotency-Key", "e-" + UUID.randomUUID()), 422, "no lines");
    }

    @Test
    void givenTheApiDocument_whenFetched_thenYamlIsServed() throws Exception {
        Answer doc = send("GET", "/openapi.yaml", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.contentType()).contains("yaml");
        assertThat(doc.raw().body()).startsWith("openapi: 3.1.0");
    }

    @Test
    void givenAProductPage_whenFetchedAgainWithItsETag_thenA304WithoutABodyAndTheSameValidators() throws Exception {
        f.setOnHand(sku(11), 5);
        Answer page = send("GET", "/products/" + sku(11), null);
        String etag = page.header("ETag");
        assertThat(etag).startsWith("W/\"");
        assertThat(page.header("Cache-Control")).as("the SQL ledger reads strong: all of the 2 s bound is left")
                .isEqualTo("public, max-age=2");

        Answer again = send("GET", "/products/" + sku(11), null, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw().body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        assertThat(again.header("Cache-Control")).isEqualTo("public, max-age=2");
        assertThat(send("GET", "/products/" + sku(11), null, "If-None-Match", "\"other\", " + etag).status())
                .as("any tag of the list").isEqualTo(304);
        assertThat(send("HEAD", "/products/" + sku(11), null, "If-None-Match", etag).status()).isEqualTo(304);

        f.setOnHand(sku(11), 4);
        f.clock.advance(java.time.Duration.ofMillis(2001));
        Answer changed = send("GET", "/products/" + sku(11), null, "If-None-Match", etag);
        assertThat(changed.status()).as("the stock figure moved: another page").isEqualTo(200);
        assertThat(changed.json().get("availableUnits").asInt()).isEqualTo(4);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void givenListsSearchAndCategories_whenFetched_thenEachHasItsOwnTagAndA304ForIt() throws Exception {
        for (String path : List.of("/products?size=5", "/products?q=red", "/categories")) {
            Answer first = send("GET", path, null);
            assertThat(first.status()).as(path).isEqualTo(200);
            assertThat(first.header("Cache-Control")).as(path).isEqualTo("public, max-age=2");
            assertThat(send("GET", path, null, "If-None-Match", first.header("ETag")).status()).as(path).isEqualTo(304);
            assertThat(send("GET", path, null, "If-None-Match", "*").status()).as(path).isEqualTo(304);
        }
        assertThat(send("GET", "/products?size=5&page=1", null).header("ETag"))
                .isNotEqualTo(send("GET", "/products?size=5", null).header("ETag"));
    }

    @Test
    void givenPersonalAnswersAndErrors_whenSent_thenNoCacheMayKeepThem() throws Exception {
        String cart = newCart();
        assertThat(send("GET", "/carts/" + cart, null).header("Cache-Control")).isEqualTo("private, no-store");
        assertThat(send("GET", "/carts/" + cart, null).header("ETag")).isNull();
        assertThat(send("POST", "/checkout", "{\"cartId\":\"" + cart + "\"}", "Idempotency-Key", "c-" + UUID.randomUUID())
                .header("Cache-Control")).isEqualTo("private, no-store");
        assertThat(send("GET", "/orders/" + UUID.randomUUID(), null).header("Cache-Control")).isEqualTo("private, no-store");
        Answer missing = send("GET", "/products/sku-999999", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Cache-Control")).isEqualTo("private, no-store");
    }

    @Test
    void givenTheApiDocument_whenFetchedWithItsStrongETag_thenA304() throws Exception {
        Answer doc = send("GET", "/openapi.yaml", null);
        assertThat(doc.header("ETag")).startsWith("\"");
        assertThat(doc.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(send("GET", "/openapi.yaml", null, "If-None-Match", doc.header("ETag")).status()).isEqualTo(304);
    }
}
