package dev.fivenines.commerce.fulfillment;

import dev.fivenines.commerce.testing.OutboxRows;
import dev.fivenines.base.Ids;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated carrier on a controlled clock against a real PostgreSQL. */
class DeliverySchedulerTest {
    private FulfillmentFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    private List<OutboxRows.Row> deliveredEvents() {
        return fixture.outbox().stream().filter(row -> row.type().equals(EventTypes.ORDER_DELIVERED)).toList();
    }

    @Test
    void givenAShipmentShippedJustNow_whenLessThanTheDelayPasses_thenItIsNotDeliveredYet() {
        fixture = new FulfillmentFixture("delivery_not_yet");
        String orderId = newOrderId();
        fixture.handle(FulfillmentFixture.placed(orderId));

        fixture.clock.advance(Duration.ofMillis(1_999));
        int delivered = fixture.services.scheduler().runOnce();

        assertThat(delivered).isZero();
        assertThat(fixture.shipment(orderId).status()).isEqualTo(ShipmentStatus.SHIPPED);
        assertThat(deliveredEvents()).isEmpty();
    }

    @Test
    void givenAShipmentInTransitForTheDelay_whenTheSchedulerRuns_thenItIsDeliveredWithOneOrderDeliveredEvent() {
        fixture = new FulfillmentFixture("delivery_due");
        String orderId = newOrderId();
        fixture.handle(FulfillmentFixture.placed(orderId));
        fixture.clock.advance(FulfillmentConfig.DEFAULT_DELIVERY_DELAY);

        int delivered = fixture.services.scheduler().runOnce();
        int again = fixture.services.scheduler().runOnce();

        assertThat(delivered).isEqualTo(1);
        assertThat(again).isZero();
        Shipment shipment = fixture.shipment(orderId);
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(shipment.deliveredAt()).isEqualTo(fixture.clock.instant());
        List<OutboxRows.Row> events = deliveredEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.topic()).isEqualTo(Topics.SHIPMENTS);
            assertThat(event.key()).isEqualTo(orderId);
            assertThat(event.fields()).containsEntry("orderId", orderId)
                    .containsEntry("shipmentId", shipment.shipmentId())
                    .containsEntry("deliveredAt", fixture.clock.instant().toString());
        });
    }

    @Test
    void givenMoreDueShipmentsThanOneBatch_whenTheSchedulerRunsOnce_thenItDeliversOnlyOneBatch() {
        fixture = new FulfillmentFixture("delivery_batch", FulfillmentConfig.defaults().withBatchSize(3));
        IntStream.range(0, 5).forEach(i -> fixture.handle(FulfillmentFixture.placed(newOrderId())));
        fixture.clock.advance(Duration.ofSeconds(10));

        assertThat(fixture.services.scheduler().runOnce()).isEqualTo(3);
        assertThat(fixture.services.scheduler().runOnce()).isEqualTo(2);
        assertThat(deliveredEvents()).hasSize(5);
    }

    @Test
    void givenAnotherSchedulerHoldsOneDueShipment_whenThisOneRuns_thenItSkipsThatRowWithoutWaitingAndDeliversTheRest() throws Exception {
        fixture = new FulfillmentFixture("delivery_skip_locked");
        String heldOrder = newOrderId();
        String freeOrder = newOrderId();
        fixture.handle(FulfillmentFixture.placed(heldOrder));
        fixture.handle(FulfillmentFixture.placed(freeOrder));
        fixture.clock.advance(Duration.ofSeconds(10));

        // The "other process": an open transaction that has claimed one shipment.
        try (Connection other = fixture.db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("SELECT 1 FROM shipments WHERE order_id = ? FOR UPDATE")) {
                lock.setString(1, heldOrder);
                lock.executeQuery().close();
            }

            int delivered = fixture.services.scheduler().runOnce();

            assertThat(delivered).isEqualTo(1);
            assertThat(fixture.shipment(freeOrder).status()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(fixture.shipment(heldOrder).status()).isEqualTo(ShipmentStatus.SHIPPED);
            other.rollback();
        }

        assertThat(fixture.services.scheduler().runOnce()).isEqualTo(1);
        assertThat(deliveredEvents()).extracting(OutboxRows.Row::key)
                .containsExactlyInAnyOrder(heldOrder, freeOrder);
    }

    @Test
    void givenTwoSchedulersRacing_whenBothRunUntilDrained_thenEveryShipmentIsDeliveredExactlyOnce() throws Exception {
        fixture = new FulfillmentFixture("delivery_race", FulfillmentConfig.defaults().withBatchSize(2));
        int orders = 20;
        IntStream.range(0, orders).forEach(i -> fixture.handle(FulfillmentFixture.placed(newOrderId())));
        fixture.clock.advance(Duration.ofSeconds(10));
        // A second process's scheduler: same database, its own instance and its own id source.
        Ids secondIds = new Ids(fixture.clock::millis, new SplittableRandom(7));
        DeliveryScheduler second = new DeliveryScheduler(fixture.db, new ShipmentStore(),
                new SqlOutbox("/fivenines/fulfillment-2", secondIds, TextMapPropagator.noop()),
                fixture.clock, FulfillmentConfig.defaults().withBatchSize(2));

        var first = CompletableFuture.supplyAsync(() -> drain(fixture.services.scheduler()));
        var other = CompletableFuture.supplyAsync(() -> drain(second));

        assertThat(first.get() + other.get()).isEqualTo(orders);
        assertThat(deliveredEvents()).hasSize(orders);
        assertThat(deliveredEvents()).extracting(OutboxRows.Row::key).doesNotHaveDuplicates();
    }

    private static int drain(DeliveryScheduler scheduler) {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int delivered = scheduler.runOnce();
            total += delivered;
            if (delivered == 0) {
                break;
            }
        }
        return total;
    }

    @Test
    void givenTheBackgroundLoopIsStarted_whenAShipmentBecomesDue_thenTheLoopDeliversIt_andCloseStopsTheLoop() {
        fixture = new FulfillmentFixture("delivery_loop", FulfillmentConfig.defaults().withPollInterval(Duration.ofMillis(20)));
        String orderId = newOrderId();
        fixture.handle(FulfillmentFixture.placed(orderId));
        DeliveryScheduler scheduler = fixture.services.scheduler();

        scheduler.start();
        fixture.clock.advance(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(fixture.shipment(orderId).status()).isEqualTo(ShipmentStatus.DELIVERED));
        assertThat(scheduler.isRunning()).isTrue();
        scheduler.close();
        assertThat(scheduler.isRunning()).isFalse();
    }
}
