package dev.fivenines.commerce.payloads;

import dev.fivenines.base.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OrderPlaced gained an optional {@code sessionId} within schema version 1: events written before it
 * must still read, and a reader must not trip over fields added after it (the shared mapper is strict).
 */
class OrderPlacedCompatibilityTest {
    private static final String WITHOUT_SESSION = """
            {"orderId":"0190f1b2-0000-7000-8000-000000000001","email":"ann@example.com",
             "lines":[{"productId":"sku-1","quantity":2,"unitPrice":{"amount":"9.99","currency":"EUR"}}],
             "total":{"amount":"19.98","currency":"EUR"},"placedAt":"2026-03-01T12:00:00Z"}""";

    @Test
    void givenAPayloadWrittenBeforeSessionIdExisted_whenRead_thenItReadsWithANullSession() throws Exception {
        OrderPlaced placed = Json.mapper().readValue(WITHOUT_SESSION, OrderPlaced.class);

        assertThat(placed.sessionId()).isNull();
        assertThat(placed.orderId()).isEqualTo("0190f1b2-0000-7000-8000-000000000001");
        assertThat(placed.lines()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(2));
    }

    @Test
    void givenAPayloadWithAFieldAddedLater_whenRead_thenTheUnknownFieldIsIgnored() throws Exception {
        String later = WITHOUT_SESSION.replace("\"placedAt\"", "\"sessionId\":\"s-1\",\"channel\":\"app\",\"placedAt\"");

        OrderPlaced placed = Json.mapper().readValue(later, OrderPlaced.class);

        assertThat(placed.sessionId()).isEqualTo("s-1");
    }

    @Test
    void givenAnOrderWithASession_whenWrittenAndReadBack_thenTheSessionSurvivesAndANullOneIsLeftOut() throws Exception {
        OrderPlaced with = new OrderPlaced("o-1", "ann@example.com", List.of(), new MoneyJson("1.00", "EUR"),
                Instant.parse("2026-03-01T12:00:00Z"), "s-42");
        OrderPlaced without = new OrderPlaced("o-2", "ann@example.com", List.of(), new MoneyJson("1.00", "EUR"),
                Instant.parse("2026-03-01T12:00:00Z"));

        String withJson = Json.mapper().writeValueAsString(with);
        String withoutJson = Json.mapper().writeValueAsString(without);

        assertThat(Json.mapper().readValue(withJson, OrderPlaced.class)).isEqualTo(with);
        assertThat(withoutJson).doesNotContain("sessionId");
        assertThat(Json.mapper().readValue(withoutJson, OrderPlaced.class)).isEqualTo(without);
    }

    @Test
    void givenSessionIds_whenValidated_thenOnly1To128VisibleAsciiCharactersPass() {
        assertThat(OrderPlaced.isValidSessionId("s-1")).isTrue();
        assertThat(OrderPlaced.isValidSessionId("!~")).isTrue();
        assertThat(OrderPlaced.isValidSessionId("a".repeat(128))).isTrue();
        assertThat(OrderPlaced.isValidSessionId("a".repeat(129))).isFalse();
        assertThat(OrderPlaced.isValidSessionId(null)).isFalse();
        assertThat(OrderPlaced.isValidSessionId("")).isFalse();
        assertThat(OrderPlaced.isValidSessionId("a b")).isFalse();
        assertThat(OrderPlaced.isValidSessionId("a\tb")).isFalse();
        assertThat(OrderPlaced.isValidSessionId("caf\u00e9")).isFalse();
        assertThat(OrderPlaced.isValidSessionId("a\u007fb")).isFalse();
    }
}
