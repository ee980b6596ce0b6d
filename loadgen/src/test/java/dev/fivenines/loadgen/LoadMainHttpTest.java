package dev.fivenines.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.check.CheckMain;
import dev.fivenines.loadgen.engine.Ticker;
import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.HistoryReader;
import dev.fivenines.loadgen.testing.FakeShop;
import dev.fivenines.loadgen.testing.FakeShopServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `load` then `check`, end to end over HTTP against an imitation shop on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadMainHttpTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int load(String... args) {
        return new LoadMain(Clock.systemUTC(), Ticker.system(), () -> false, Path.of("."))
                .execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int check(String... args) {
        return CheckMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void givenAFlashSaleOf5Units_whenManyBuyersRace_thenTheShopSellsAtMost5_andTheCheckPassesAgainstTheTarget() throws Exception {
        try (FakeShopServer server = new FakeShopServer(new FakeShop(10).stock("p-0", 5))) {
            Path runDir = dir.resolve("honest");
            int code = load("--scenario", "flash-sale", "--target", server.baseUrl().toString(), "--duration", "2s",
                    "--rate", "1", "--sku", "p-0", "--stock", "5", "--seed", "3", "--out", runDir.toString(), "--quiet");

            assertThat(code).as(err.toString()).isZero();
            History history = HistoryReader.read(runDir);
            assertThat(history.complete()).isTrue();
            assertThat(history.header().stock()).containsEntry("p-0", 5L);
            assertThat(history.ops()).filteredOn(r -> r.op().equals("checkout") && r.status() == 201).hasSize(5);
            assertThat(history.ops()).anyMatch(r -> "out_of_stock".equals(r.outcome()));
            JsonNode report = Json.mapper().readTree(runDir.resolve("report.json").toFile());
            assertThat(report.path("operations").path("checkout").path("outcomes").path("ok").asLong()).isEqualTo(5);
            assertThat(report.path("timeline").size()).isGreaterThanOrEqualTo(2);
            assertThat(Files.readString(runDir.resolve("report.html"))).contains("<svg");
            assertThat(out.toString()).contains("checkout").contains("history: ");

            int verdict = check(runDir.toString(), "--target", server.baseUrl().toString(), "--settle", "20s");

            assertThat(verdict).as(out.toString()).isZero();
            assertThat(out.toString()).contains("no-oversell           PASS").contains("5 of 5 acknowledged orders found in a final state");
        }
    }

    @Test
    void givenStockShop_whenTheRunStarts_thenTheUnitsAreReadFromTheShopAndHeldAgainstIt() throws Exception {
        try (FakeShopServer server = new FakeShopServer(new FakeShop(10).stock("p-3", 4))) {
            Path runDir = dir.resolve("from-shop");
            int code = load("--scenario", "flash-sale", "--target", server.baseUrl().toString(), "--duration", "2s",
                    "--rate", "1", "--sku", "p-3", "--stock", "shop", "--seed", "5", "--out", runDir.toString(), "--quiet");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("stock read from the shop's ledger: 4 units of p-3");
            assertThat(HistoryReader.read(runDir).header().stock()).containsEntry("p-3", 4L);
        }
    }

    @Test
    void givenAShopThatIgnoresStock_thenTheCheckCatchesTheOversell() throws Exception {
        try (FakeShopServer server = new FakeShopServer(new FakeShop(10).stock("p-0", 5).ignoringStock())) {
            Path runDir = dir.resolve("broken");
            assertThat(load("--scenario", "flash-sale", "--target", server.baseUrl().toString(), "--duration", "2s",
                    "--rate", "1", "--sku", "p-0", "--stock", "5", "--out", runDir.toString(), "--quiet")).isZero();

            int verdict = check(runDir.toString());

            assertThat(verdict).isEqualTo(1);
            assertThat(out.toString()).contains("sku p-0: sold").contains("but only 5 were available");
        }
    }

    @Test
    void givenSequentialCheckouts_thenExactlyThatManyOrdersArePlacedOneAtATime() throws Exception {
        FakeShop shop = new FakeShop(10);
        try (FakeShopServer server = new FakeShopServer(shop)) {
            Path runDir = dir.resolve("seq");
            assertThat(load("--checkouts", "5", "--sequential", "--target", server.baseUrl().toString(),
                    "--out", runDir.toString())).isZero();

            History history = HistoryReader.read(runDir);
            assertThat(history.ops()).filteredOn(r -> r.op().equals("checkout")).hasSize(5).allMatch(r -> r.status() == 201);
            assertThat(out.toString()).contains("5 sessions started");
            // over real HTTP: each session sent back the session cookie it was given at its first request
            assertThat(shop.sessionIds()).hasSize(5);
            assertThat(shop.requestsWithoutSession()).isEqualTo(5);
        }
    }

    @Test
    void givenBadArguments_thenLoadExitsWithTwoAndSaysWhy() {
        assertThat(load("--rate", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be a number");
        assertThat(load("--scenario", "nope")).isEqualTo(2);
        assertThat(load("--target", "http://192.168.1.20:8080")).isEqualTo(2);
        assertThat(err.toString()).contains("--allow-remote");
        assertThat(load("--sequential")).isEqualTo(2);
        assertThat(load("--help")).isZero();
    }
}
