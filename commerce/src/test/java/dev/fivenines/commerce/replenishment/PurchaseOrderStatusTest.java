package dev.fivenines.commerce.replenishment;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.FAILED;
import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.OPEN;
import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.PARTIALLY_RECEIVED;
import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.RECEIVED;
import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.RETRYING;
import static dev.fivenines.commerce.replenishment.PurchaseOrderStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PurchaseOrderStatusTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void givenTheTransitionTable_whenEveryPairIsTried_thenOnlyTheDocumentedMovesAreLegal() {
        Set<String> legal = Set.of("OPEN->SENT", "OPEN->RETRYING", "OPEN->FAILED", "RETRYING->SENT", "RETRYING->RETRYING",
                "RETRYING->FAILED", "SENT->PARTIALLY_RECEIVED", "SENT->RECEIVED", "PARTIALLY_RECEIVED->PARTIALLY_RECEIVED",
                "PARTIALLY_RECEIVED->RECEIVED");
        for (PurchaseOrderStatus from : PurchaseOrderStatus.values()) {
            for (PurchaseOrderStatus to : PurchaseOrderStatus.values()) {
                String move = from + "->" + to;
                assertThat(from.canMoveTo(to)).as(move).isEqualTo(legal.contains(move));
                if (!legal.contains(move)) {
                    assertThatThrownBy(() -> from.moveTo(to)).as(move).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(move.replace("->", " -> "));
                }
            }
        }
    }

    @Test
    void givenReceivedAndFailed_whenAskedWhereTheyCanGo_thenNowhere() {
        for (PurchaseOrderStatus to : EnumSet.allOf(PurchaseOrderStatus.class)) {
            assertThat(RECEIVED.canMoveTo(to)).isFalse();
            assertThat(FAILED.canMoveTo(to)).isFalse();
        }
    }

    @Test
    void givenAnOrderOf10_whenShipmentsOf4And6Arrive_thenItIsPartiallyThenFullyReceived() {
        PurchaseOrder po = PurchaseOrder.open("po-1", "sku-1", 1, 10, T0).sent(T0.plusSeconds(60), T0.plusSeconds(1), T0);

        PurchaseOrder partly = po.received(4, T0.plusSeconds(2), T0.plusSeconds(1));
        PurchaseOrder fully = partly.received(6, T0.plusSeconds(3), T0.plusSeconds(2));

        assertThat(partly.status()).isEqualTo(PARTIALLY_RECEIVED);
        assertThat(partly.unitsReceived()).isEqualTo(4);
        assertThat(fully.status()).isEqualTo(RECEIVED);
        assertThat(fully.unitsReceived()).isEqualTo(10);
        assertThat(fully.nextActionAt()).isNull();
    }

    @Test
    void givenAnOrderOf10_whenMoreThan10UnitsArrive_thenTheInvariantThrows() {
        PurchaseOrder po = PurchaseOrder.open("po-1", "sku-1", 1, 10, T0).sent(T0, T0, T0).received(7, T0, T0);

        assertThatThrownBy(() -> po.received(4, T0, T0)).hasMessageContaining("po-1 would receive 11 units of 10 ordered");
    }

    @Test
    void givenAnOpenOrder_whenItIsRefusedTwiceThenAccepted_thenAttemptsCountAndTheReasonClears() {
        PurchaseOrder po = PurchaseOrder.open("po-1", "sku-1", 1, 10, T0)
                .retryAt(T0.plus(Duration.ofSeconds(1)), "busy", T0)
                .retryAt(T0.plus(Duration.ofSeconds(3)), "busy", T0.plusSeconds(1));
        assertThat(po.status()).isEqualTo(RETRYING);
        assertThat(po.sendAttempts()).isEqualTo(2);
        assertThat(po.failureReason()).isEqualTo("busy");

        PurchaseOrder sent = po.sent(T0.plusSeconds(60), T0.plusSeconds(4), T0.plusSeconds(3));

        assertThat(sent.status()).isEqualTo(SENT);
        assertThat(sent.sendAttempts()).isEqualTo(3);
        assertThat(sent.failureReason()).isNull();
    }

    @Test
    void givenAReceivedOrder_whenItIsSentAgain_thenTheStateMachineRefuses() {
        PurchaseOrder received = PurchaseOrder.open("po-1", "sku-1", 1, 5, T0).sent(T0, T0, T0).received(5, T0, T0);

        assertThatThrownBy(() -> received.sent(T0, T0, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> received.failed("late", T0)).isInstanceOf(IllegalStateException.class);
        assertThat(OPEN.awaitsSending()).isTrue();
        assertThat(SENT.inTransit()).isTrue();
    }
}
