package dev.fivenines.commerce.http;

import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;
import dev.fivenines.commerce.shop.ShopServices;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.inventory.sql.PgStockLedger;
import io.helidon.webserver.WebServer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** With the database unreachable, every route fails fast and clearly: 503 problem+json with Retry-After, never a 500. */
class DatabaseDownHttpTest {
    private static Database down;
    private static ShopServices shop;
    private static WebServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        down = Database.connect(new DbSettings("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", 2, 250), "down-http");
        Clock clock = Clock.systemUTC();
        Ids ids = new Ids(clock::millis, new SplittableRandom(3));
        shop = ShopServices.create(down, new PgStockLedger(down, clock), SimulatedPaymentProvider.create(0, 0, 1),
                (id, limit) -> List.of(), new SqlOutbox("/test", ids, TextMapPropagator.noop()), clock, ids);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing -> shop.register(routing)).build().start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop();
        client.close();
        shop.close();
        down.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1" + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenTheDatabaseIsDown_whenAnyShopRouteIsCalled_thenA503ProblemWithRetryAfter() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                send("GET", "/products", null),
                send("GET", "/categories", null),
                send("POST", "/carts", null),
                send("GET", "/carts/" + UUID.randomUUID(), null),
                // With a token, so the question reaches the database (without one it is a 404 at once).
                send("GET", "/orders/" + UUID.randomUUID(), null, "X-Order-Token", "some-token"),
                send("POST", "/orders/" + UUID.randomUUID() + "/cancel", null, "X-Order-Token", "some-token"),
                send("POST", "/checkout", "{\"cartId\":\"" + UUID.randomUUID() + "\",\"email\":\"a@example.com\"}",
                        "Idempotency-Key", "down-1"));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
