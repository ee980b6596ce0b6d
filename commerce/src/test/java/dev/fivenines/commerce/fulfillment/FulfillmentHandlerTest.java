package dev.fivenines.commerce.fulfillment;

import dev.fivenines.commerce.testing.OutboxRows;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order consumer of fulfillment against a real PostgreSQL and the real SQL outbox. */
class FulfillmentHandlerTest {
    private static FulfillmentFixture fixture;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void startDatabase() {
        fixture = new FulfillmentFixture("fulfillment_handler");
    }

    @AfterAll
    static void stopDatabase() {
        fixture.close();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger(FulfillmentHandler.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(FulfillmentHandler.class.getName()).removeHandler(capture);
    }

    private static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    private static List<OutboxRows.Row> eventsFor(String orderId) {
        return fixture.outbox().stream().filter(row -> row.key().equals(orderId)).toList();
    }

    @Test
    void givenAPlacedOrder_whenHandled_thenOneShippedShipmentAndOneOrderShippedEventAreWritten() {
        String orderId = newOrderId();

        fixture.handle(FulfillmentFixture.placed(orderId));

        Shipment shipment = fixture.shipment(orderId);
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.SHIPPED);
        assertThat(shipment.carrier()).isEqualTo(FulfillmentConfig.DEFAULT_CARRIER);
        assertThat(shipment.trackingNumber()).startsWith("FN").hasSize(18);
        assertThat(shipment.shippedAt()).isEqualTo(fixture.clock.instant());
        assertThat(shipment.deliveredAt()).isNull();

        List<OutboxRows.Row> events = eventsFor(orderId);
        assertThat(events).hasSize(1);
        OutboxRows.Row event = events.get(0);
        assertThat(event.topic()).isEqualTo(Topics.SHIPMENTS);
        assertThat(event.type()).isEqualTo(EventTypes.ORDER_SHIPPED);
        assertThat(event.subject()).isEqualTo(orderId);
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.fields()).containsEntry("orderId", orderId)
                .containsEntry("shipmentId", shipment.shipmentId())
                .containsEntry("carrier", shipment.carrier())
                .containsEntry("trackingNumber", shipment.trackingNumber())
                .containsEntry("shippedAt", shipment.shippedAt().toString());
    }

    @Test
    void givenAShippedOrder_whenItsOrderPlacedIsRedeliveredUnderANewEventId_thenNoSecondShipmentAndNoSecondEvent() {
        String orderId = newOrderId();
        fixture.handle(FulfillmentFixture.placed(orderId));
        Shipment first = fixture.shipment(orderId);

        fixture.handle(FulfillmentFixture.placed(orderId));
        fixture.handle(FulfillmentFixture.placed(orderId));

        assertThat(fixture.shipmentsOf(orderId)).isEqualTo(1);
        assertThat(fixture.shipment(orderId)).isEqualTo(first);
        assertThat(eventsFor(orderId)).hasSize(1);
    }

    @Test
    void givenAnOrderEventFulfillmentDoesNotCareAbout_whenHandled_thenNothingIsWritten() {
        String orderId = newOrderId();

        fixture.handle(FulfillmentFixture.envelope(EventTypes.ORDER_PAID, orderId, Map.of("orderId", orderId), 1));

        assertThat(fixture.shipmentsOf(orderId)).isZero();
        assertThat(eventsFor(orderId)).isEmpty();
    }

    @Test
    void givenAShipmentNotYetHandedToTheCarrier_whenTheOrderIsCancelled_thenItIsCancelledAndNeverShipped() {
        String orderId = newOrderId();
        fixture.insertCreatedShipment(orderId);

        fixture.handle(FulfillmentFixture.cancelled(orderId));
        fixture.handle(FulfillmentFixture.placed(orderId));

        assertThat(fixture.shipment(orderId).status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(eventsFor(orderId)).isEmpty();
    }

    @Test
    void givenAShippedOrder_whenItIsCancelled_thenTheShipmentStaysShippedAndAWarningSaysItIsTooLate() {
        String orderId = newOrderId();
        fixture.handle(FulfillmentFixture.placed(orderId));

        fixture.handle(FulfillmentFixture.cancelled(orderId));

        assertThat(fixture.shipment(orderId).status()).isEqualTo(ShipmentStatus.SHIPPED);
        assertThat(logged).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).contains("too late");
            assertThat(record.getParameters()).contains(orderId);
        });
    }

    @Test
    void givenAnOrderCancelledBeforeItsPlacedEventArrives_whenThePlacedEventArrives_thenItIsNotShipped() {
        String orderId = newOrderId();

        fixture.handle(FulfillmentFixture.cancelled(orderId));
        fixture.handle(FulfillmentFixture.placed(orderId));

        assertThat(fixture.shipmentsOf(orderId)).isEqualTo(1);
        assertThat(fixture.shipment(orderId).status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(eventsFor(orderId)).isEmpty();
    }

    @Test
    void givenAPlacedEventWithANewerSchemaVersion_whenHandled_thenItIsPoisonAndNothingIsWritten() {
        String orderId = newOrderId();
        var event = FulfillmentFixture.envelope(EventTypes.ORDER_PLACED, orderId,
                Map.of("orderId", orderId), 2);

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("schema version 2");
        assertThat(fixture.shipmentsOf(orderId)).isZero();
    }

    @Test
    void givenAPlacedEventWhosePayloadDoesNotParse_whenHandled_thenItIsPoison() {
        String orderId = newOrderId();
        var event = FulfillmentFixture.envelope(EventTypes.ORDER_PLACED, orderId,
                Map.of("orderId", orderId, "lines", "not a list"), 1);

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("OrderPlaced");
        assertThat(fixture.shipmentsOf(orderId)).isZero();
    }

    @Test
    void givenAPlacedEventWithoutAnOrderId_whenHandled_thenItIsPoison() {
        var event = FulfillmentFixture.envelope(EventTypes.ORDER_PLACED, "k", Map.of("email", "a@b.c"), 1);

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("orderId");
    }
}
