package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.fivenines.loadgen.check.Histories.ack;
import static dev.fivenines.loadgen.check.Histories.history;
import static dev.fivenines.loadgen.check.Histories.orderRead;
import static dev.fivenines.loadgen.check.Histories.shipmentRead;
import static dev.fivenines.loadgen.check.Histories.soldOut;
import static org.assertj.core.api.Assertions.assertThat;

class CheckersTest {
    private static final Set<String> FINAL = Set.of("DELIVERED", "CANCELLED");

    private static Observations.OrderObservation seen(String order, String status) {
        return new Observations.OrderObservation(order, 200, status, 3, null);
    }

    private static Observations observed(Map<String, Observations.OrderObservation> orders,
                                         Map<String, Observations.ShipmentObservation> shipments) {
        return new Observations(orders, shipments, 60_000, FINAL);
    }

    @Nested
    class NoOversellRule {
        @Test
        void givenStockOf2AndThreeAcknowledgedOrders_thenTheSkuIsReportedOversold() {
            History h = history(Map.of("sku-1", 2L),
                    ack("k1", "c1", "o1", "sku-1", 1, 10), ack("k2", "c2", "o2", "sku-1", 1, 20),
                    ack("k3", "c3", "o3", "sku-1", 1, 30), soldOut("k4", "c4", "sku-1", 40));

            CheckResult r = NoOversell.check(h, Map.of(), null);

            assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.subject()).isEqualTo("sku sku-1");
                assertThat(v.evidence()).contains("sold 3 units but only 2 were available").contains("o3");
            });
        }

        @Test
        void givenExactlyTheStockSold_andAReplayedAcknowledgement_thenItPasses() {
            History h = history(Map.of("sku-1", 2L),
                    ack("k1", "c1", "o1", "sku-1", 1, 10), ack("k1", "c1", "o1", "sku-1", 1, 15),
                    ack("k2", "c2", "o2", "sku-1", 1, 20), soldOut("k3", "c3", "sku-1", 30));

            CheckResult r = NoOversell.check(h, Map.of(), null);

            assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(r.summary()).contains("sku-1 sold 2 of 2");
        }

        @Test
        void givenAStockFileThatIsSmallerThanTheHeader_thenTheFileWins() {
            History h = history(Map.of("sku-1", 5L), ack("k1", "c1", "o1", "sku-1", 3, 10));

            assertThat(NoOversell.check(h, Map.of("sku-1", 2L), null).failed()).isTrue();
            assertThat(NoOversell.check(h, Map.of(), null).failed()).isFalse();
        }

        @Test
        void givenTheShopCancelledAnOrder_thenItsUnitsDoNotCount() {
            History h = history(Map.of("sku-1", 1L), ack("k1", "c1", "o1", "sku-1", 1, 10), ack("k2", "c2", "o2", "sku-1", 1, 20));

            CheckResult r = NoOversell.check(h, Map.of(), observed(Map.of("o1", seen("o1", "CANCELLED"), "o2", seen("o2", "DELIVERED")), Map.of()));

            assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(r.notes()).anyMatch(n -> n.contains("1 cancelled order"));
        }

        @Test
        void givenNoStockKnown_thenTheRuleIsSkippedAndSaysWhy() {
            CheckResult r = NoOversell.check(history(Map.of(), ack("k1", "c1", "o1", "sku-1", 1, 10)), Map.of(), null);

            assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
            assertThat(r.summary()).contains("--stock");
        }
    }

    @Nested
    class NoLostOrderRule {
        @Test
        void givenAnAcknowledgedOrderReadAs404Later_thenItIsLost_butA404BeforeTheAckIsNot() {
            History h = history(Map.of(), orderRead("o1", 404, 5), ack("k1", "c1", "o1", "sku-1", 1, 10),
                    ack("k2", "c2", "o2", "sku-1", 1, 20), orderRead("o2", 404, 30));

            CheckResult r = NoLostOrder.check(h, null);

            assertThat(r.failed()).isTrue();
            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.subject()).isEqualTo("order o2");
                assertThat(v.evidence()).contains("answered 404").contains("key k2");
            });
        }

        @Test
        void givenTheTargetsAnswers_thenLostStuckUnverifiedAndUnreadOrdersAreEachViolations() {
            History h = history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k2", "c2", "o2", "s", 1, 20),
                    ack("k3", "c3", "o3", "s", 1, 30), ack("k4", "c4", "o4", "s", 1, 40), ack("k5", "c5", "o5", "s", 1, 50));
            Observations obs = observed(Map.of(
                    "o1", new Observations.OrderObservation("o1", 404, null, 5, null),
                    "o2", seen("o2", "PAID"),
                    "o3", new Observations.OrderObservation("o3", 0, null, 5, "TIMEOUT: slow"),
                    "o5", seen("o5", "DELIVERED")), Map.of());

            CheckResult r = NoLostOrder.check(h, obs);

            assertThat(r.violations()).extracting(Violation::subject).containsExactly("order o1", "order o2", "order o3", "order o4");
            assertThat(r.violations()).extracting(Violation::evidence).satisfiesExactly(
                    e -> assertThat(e).startsWith("lost: GET answered 404"),
                    e -> assertThat(e).startsWith("stuck in PAID"),
                    e -> assertThat(e).startsWith("unverified").contains("TIMEOUT"),
                    e -> assertThat(e).startsWith("was never read back"));
            assertThat(r.summary()).startsWith("1 of 5");
        }

        @Test
        void givenEveryOrderDeliveredOrCancelled_thenItPasses() {
            History h = history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k2", "c2", "o2", "s", 1, 20));

            CheckResult r = NoLostOrder.check(h, observed(Map.of("o1", seen("o1", "DELIVERED"), "o2", seen("o2", "CANCELLED")), Map.of()));

            assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
        }
    }

    @Nested
    class NoDoubleChargeRule {
        @Test
        void givenOneKeyThatProducedTwoOrders_thenItIsADoubleCharge() {
            CheckResult r = NoDoubleCharge.check(history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k1", "c1", "o2", "s", 1, 20)));

            assertThat(r.violations()).extracting(Violation::subject).contains("idempotency key k1", "cart c1");
            assertThat(r.violations().get(0).evidence()).contains("[o1, o2]");
        }

        @Test
        void givenOneCartChargedUnderTwoKeys_thenItIsADoubleCharge() {
            CheckResult r = NoDoubleCharge.check(history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k2", "c1", "o2", "s", 1, 20)));

            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.subject()).isEqualTo("cart c1");
                assertThat(v.evidence()).contains("charged 2 times");
            });
        }

        @Test
        void givenOneOrderReturnedForTwoKeys_thenItIsReported() {
            CheckResult r = NoDoubleCharge.check(history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k2", "c2", "o1", "s", 1, 20)));

            assertThat(r.violations()).extracting(Violation::subject).containsExactly("order o1");
        }

        @Test
        void givenRetriesReplayingTheSameOrder_thenItPasses() {
            CheckResult r = NoDoubleCharge.check(history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10),
                    ack("k1", "c1", "o1", "s", 1, 20), ack("k2", "c2", "o2", "s", 1, 30)));

            assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(r.summary()).isEqualTo("2 keys acknowledged, 2 distinct orders");
        }
    }

    @Nested
    class ExactlyOnceEffectsRule {
        @Test
        void givenTwoDifferentShipmentsSeenForOneOrderDuringTheRun_thenItWasShippedTwice() {
            History h = history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), shipmentRead("o1", "ship-a", 20),
                    shipmentRead("o1", "ship-b", 30), shipmentRead("o2", "ship-c", 40), shipmentRead("o2", "ship-c", 50));

            CheckResult r = ExactlyOnceEffects.check(h, null);

            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.subject()).isEqualTo("order o1");
                assertThat(v.evidence()).contains("shipped 2 times").contains("ship-a").contains("ship-b");
            });
        }

        @Test
        void givenTheTargetsAnswers_thenDuplicateMissingAndMisdirectedShipmentsAreViolations() {
            History h = history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), ack("k2", "c2", "o2", "s", 1, 20),
                    ack("k3", "c3", "o3", "s", 1, 30), ack("k4", "c4", "o4", "s", 1, 40));
            Observations obs = observed(
                    Map.of("o1", seen("o1", "DELIVERED"), "o2", seen("o2", "SHIPPED"), "o3", seen("o3", "DELIVERED"),
                            "o4", seen("o4", "DELIVERED")),
                    Map.of("o1", new Observations.ShipmentObservation("o1", 200, List.of("s1", "s1b"), List.of("o1", "o1"), null),
                            "o2", new Observations.ShipmentObservation("o2", 404, List.of(), List.of(), null),
                            "o3", new Observations.ShipmentObservation("o3", 200, List.of("s3"), List.of("o9"), null),
                            "o4", new Observations.ShipmentObservation("o4", 200, List.of("s4"), List.of("o4"), null)));

            CheckResult r = ExactlyOnceEffects.check(h, obs);

            assertThat(r.violations()).extracting(Violation::subject).containsExactlyInAnyOrder("order o1", "order o2", "order o3");
            assertThat(r.violations()).anyMatch(v -> v.evidence().contains("shipped 2 times"))
                    .anyMatch(v -> v.evidence().contains("SHIPPED but has no shipment"))
                    .anyMatch(v -> v.evidence().contains("a shipment of order o9"));
        }

        @Test
        void givenOneShipmentPerShippedOrder_thenItPasses() {
            History h = history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10), shipmentRead("o1", "s1", 20));
            Observations obs = observed(Map.of("o1", seen("o1", "DELIVERED")),
                    Map.of("o1", new Observations.ShipmentObservation("o1", 200, List.of("s1"), List.of("o1"), null)));

            assertThat(ExactlyOnceEffects.check(h, obs).status()).isEqualTo(CheckResult.Status.PASS);
        }

        @Test
        void givenNoShipmentEvidenceAtAll_thenTheRuleIsSkipped() {
            assertThat(ExactlyOnceEffects.check(history(Map.of(), ack("k1", "c1", "o1", "s", 1, 10)), null).status())
                    .isEqualTo(CheckResult.Status.SKIPPED);
        }
    }
}
