package dev.fivenines.loadgen.check;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestocksTest {
    private static final Instant RUN_START = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void onlyPurchaseOrdersCreatedDuringTheRunAddToTheStockBound() {
        String body = """
                {"items":[
                  {"poId":"a","createdAt":"2026-11-22T10:00:05Z","unitsReceived":50},
                  {"poId":"b","createdAt":"2026-11-22T10:00:09Z","unitsReceived":20},
                  {"poId":"old","createdAt":"2026-11-22T09:59:00Z","unitsReceived":500}],"limit":200}""";

        assertThat(Restocks.unitsReceived(body, RUN_START)).isEqualTo(70);
    }

    @Test
    void aListThatIsNotThePurchaseOrderShapeIsReportedNotIgnored() {
        assertThatThrownBy(() -> Restocks.unitsReceived("{\"items\":[{\"createdAt\":\"yesterday\"}]}", RUN_START))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("purchase-order list");
    }
}
