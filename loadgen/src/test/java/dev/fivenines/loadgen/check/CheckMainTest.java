package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.HistoryHeader;
import dev.fivenines.loadgen.history.HistoryWriter;
import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.testing.FakeShop;
import dev.fivenines.loadgen.testing.FakeTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static dev.fivenines.loadgen.check.Histories.ack;
import static org.assertj.core.api.Assertions.assertThat;

class CheckMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(FakeShop shop, String... args) {
        return new CheckMain(new FakeTicker(), uri -> shop).execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(Map<String, Long> stock, OpRecord... ops) {
        Path file = dir.resolve(HistoryWriter.FILE_NAME);
        try (HistoryWriter w = new HistoryWriter(file, HistoryHeader.of("run-9", "flash-sale", 1, "http://127.0.0.1:8080",
                Instant.parse("2026-11-22T10:00:00Z"), stock))) {
            for (OpRecord op : ops) {
                w.append(op);
            }
        }
        return file;
    }

    @Test
    void givenAHistoryThatKeepsEveryRule_thenTheVerdictIsPassAndTheExitCodeZero() {
        write(Map.of("sku-1", 2L), ack("k1", "c1", "o1", "sku-1", 1, 10), ack("k2", "c2", "o2", "sku-1", 1, 20));

        int code = check(null, dir.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("no-oversell").contains("PASS").contains("verdict: PASS")
                .contains("INCOMPLETE");
    }

    @Test
    void givenAnOversoldSku_thenTheVerdictNamesItAndTheExitCodeIsOne() {
        Path file = write(Map.of("sku-1", 1L), ack("k1", "c1", "o1", "sku-1", 1, 10), ack("k2", "c2", "o2", "sku-1", 1, 20));

        int code = check(null, file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("no-oversell           FAIL").contains("sku sku-1: sold 2 units but only 1")
                .contains("verdict: FAIL (1 rule violated)");
    }

    @Test
    void givenAStockFile_thenItIsTheBound() throws Exception {
        write(Map.of(), ack("k1", "c1", "o1", "sku-1", 3, 10));
        Path stock = dir.resolve("stock.yaml");
        Files.writeString(stock, "sku-1: 2\n");

        assertThat(check(null, dir.toString(), "--stock", stock.toString())).isEqualTo(1);
    }

    @Test
    void givenATargetThatLostAnAcknowledgedOrder_thenTheCheckReadsItBackAndFails() {
        FakeShop shop = new FakeShop(1);
        write(Map.of(), ack("k1", "c1", "order-404", "p-0", 1, 10));

        int code = check(shop, dir.toString(), "--target", "http://127.0.0.1:8080", "--settle", "2s");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("order order-404: lost: GET answered 404");
    }

    @Test
    void givenBadUsage_thenTheExitCodeIsTwoWithAMessage() {
        assertThat(check(null)).isEqualTo(2);
        assertThat(err.toString()).contains("give exactly one history");
        assertThat(check(null, dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(check(null, dir.toString(), "--frobnicate")).isEqualTo(2);
        write(Map.of());
        assertThat(check(null, dir.toString(), "--final-states", "DONE")).isEqualTo(2);
        assertThat(err.toString()).contains("DONE is not an order state");
        assertThat(check(null, dir.toString(), "--target", "http://10.1.2.3:8080")).isEqualTo(2);
        assertThat(err.toString()).contains("--allow-remote");
    }
}
