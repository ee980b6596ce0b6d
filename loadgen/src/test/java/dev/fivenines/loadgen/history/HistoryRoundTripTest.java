package dev.fivenines.loadgen.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryRoundTripTest {
    @TempDir
    Path dir;

    private static HistoryHeader header() {
        return HistoryHeader.of("run-1", "flash-sale", 3, "http://127.0.0.1:8080", Instant.parse("2026-11-22T10:00:00Z"),
                Map.of("sku-1", 100L));
    }

    @Test
    void givenAWrittenHistory_whenReadBack_thenHeaderOpsAndFooterAreEqual() throws Exception {
        OpRecord op = OpRecord.op("checkout").session(4).kind("flash-buy").attempt(2).request("POST /api/v1/checkout")
                .times(10, 20, 300).status(201).outcome("ok").cartId("c1").idempotencyKey("k1").orderId("o1")
                .orderStatus("PLACED").lines(List.of(new Line("sku-1", 1))).build();
        HistoryFooter footer = new HistoryFooter(HistoryFooter.TYPE, 1, 0, 0, 1, 400);
        try (HistoryWriter w = new HistoryWriter(dir.resolve(HistoryWriter.FILE_NAME), header())) {
            w.append(op);
            w.finish(footer);
        }

        History h = HistoryReader.read(dir);

        assertThat(h.header()).isEqualTo(header());
        assertThat(h.ops()).containsExactly(op);
        assertThat(h.ops().get(0).latencyMicros()).isEqualTo(290);
        assertThat(h.footer()).isEqualTo(footer);
        assertThat(h.complete()).isTrue();
        assertThat(Files.readAllLines(dir.resolve(HistoryWriter.FILE_NAME)).get(1)).doesNotContain("null");
    }

    @Test
    void givenARunCutOffMidWrite_thenTheTornLastLineIsIgnored_andTheHistoryIsMarkedIncomplete() throws Exception {
        Files.writeString(dir.resolve("h.jsonl"), """
                {"type":"header","version":1,"runId":"r","scenario":"s","seed":1,"target":"t","stock":{}}
                {"type":"op","op":"list","status":200,"outcome":"ok"}
                {"type":"op","op":"chec""");

        History h = HistoryReader.read(dir.resolve("h.jsonl"));

        assertThat(h.ops()).hasSize(1);
        assertThat(h.complete()).isFalse();
    }

    @Test
    void givenGarbageInTheMiddle_thenTheErrorNamesTheLine() throws Exception {
        Files.writeString(dir.resolve("h.jsonl"), """
                {"type":"header","version":1,"runId":"r","scenario":"s","seed":1,"target":"t"}
                not json
                {"type":"end"}
                """);

        assertThatThrownBy(() -> HistoryReader.read(dir.resolve("h.jsonl")))
                .isInstanceOf(HistoryReader.HistoryFormatException.class).hasMessageContaining("line 2 is not JSON");
    }

    @Test
    void givenNoHeader_thenItIsRejected() throws Exception {
        Files.writeString(dir.resolve("h.jsonl"), "{\"type\":\"op\",\"op\":\"list\"}\n");

        assertThatThrownBy(() -> HistoryReader.read(dir.resolve("h.jsonl"))).hasMessageContaining("first line must be the header");
    }
}
