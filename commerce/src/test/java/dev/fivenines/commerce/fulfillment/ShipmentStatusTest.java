package dev.fivenines.commerce.fulfillment;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShipmentStatusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givenTheTransitionTable_thenOnlyTheThreeLegalMovesAreAllowed() {
        int legal = 0;
        for (ShipmentStatus from : ShipmentStatus.values()) {
            for (ShipmentStatus to : ShipmentStatus.values()) {
                if (from.canMoveTo(to)) {
                    legal++;
                }
            }
        }
        assertThat(legal).isEqualTo(3);
        assertThat(ShipmentStatus.CREATED.canMoveTo(ShipmentStatus.SHIPPED)).isTrue();
        assertThat(ShipmentStatus.CREATED.canMoveTo(ShipmentStatus.CANCELLED)).isTrue();
        assertThat(ShipmentStatus.SHIPPED.canMoveTo(ShipmentStatus.DELIVERED)).isTrue();
        assertThat(ShipmentStatus.SHIPPED.canMoveTo(ShipmentStatus.CANCELLED)).isFalse();
    }

    @Test
    void givenADeliveredShipment_whenCancelled_thenTheIllegalTransitionThrows() {
        Shipment delivered = Shipment.create("s", "o", T0).ship("c", "t", T0).deliver(T0.plusSeconds(5));

        assertThatThrownBy(delivered::cancel).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DELIVERED -> CANCELLED");
    }

    @Test
    void givenACreatedShipment_whenDeliveredWithoutShipping_thenItThrows() {
        Shipment created = Shipment.create("s", "o", T0);

        assertThatThrownBy(() -> created.deliver(T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CREATED -> DELIVERED");
    }

    @Test
    void givenACreatedShipment_whenShippedThenDelivered_thenTheTimesAndCarrierAreKept() {
        Shipment delivered = Shipment.create("s", "o", T0).ship("post", "FN1", T0.plusSeconds(1)).deliver(T0.plusSeconds(3));

        assertThat(delivered.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(delivered.carrier()).isEqualTo("post");
        assertThat(delivered.shippedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(delivered.deliveredAt()).isEqualTo(T0.plusSeconds(3));
    }
}
