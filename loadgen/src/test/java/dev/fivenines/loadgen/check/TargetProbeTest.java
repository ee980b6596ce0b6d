package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.engine.Reply;
import dev.fivenines.loadgen.testing.FakeShop;
import dev.fivenines.loadgen.testing.FakeTicker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TargetProbeTest {
    private final FakeTicker ticker = new FakeTicker();

    /** Places one order per cart in the fake shop and returns the order ids. */
    private static List<String> placeOrders(FakeShop shop, int n) {
        for (int i = 0; i < n; i++) {
            String cart = "cart-" + (2 * i + 1);
            shop.send("POST", "/api/v1/carts", Map.of(), "{}", 1_000);
            shop.send("POST", "/api/v1/carts/" + cart + "/lines", Map.of(), "{\"productId\":\"p-0\",\"quantity\":1}", 1_000);
            Reply r = shop.send("POST", "/api/v1/checkout", Map.of("Idempotency-Key", "k" + i),
                    "{\"cartId\":\"" + cart + "\",\"email\":\"a@b.c\"}", 1_000);
            assertThat(r.status()).isEqualTo(201);
        }
        return shop.orderIds();
    }

    @Test
    void givenOrdersThatMoveOnAStepPerRead_thenTheProbePollsUntilEachIsDelivered_andReadsItsShipment() throws Exception {
        FakeShop shop = new FakeShop(2);
        List<String> orders = placeOrders(shop, 3);

        Observations obs = new TargetProbe(shop, ticker, 1_000, 60_000, 500, Set.of("DELIVERED", "CANCELLED"), 4)
                .observe(shop.orderTokens());

        assertThat(obs.orders().values()).hasSize(3).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo("DELIVERED");
            assertThat(o.reads()).isEqualTo(4);
        });
        assertThat(obs.shipments().values()).hasSize(3).allSatisfy(s -> assertThat(s.shipmentIds()).hasSize(1));
        assertThat(Checks.anyFailed(Checks.all(Histories.history(Map.of()), Map.of(), obs))).isFalse();
    }

    @Test
    void givenAForgottenOrderAndADoubleShipment_thenTheObservationsShowBoth_withinTheSettleBound() throws Exception {
        FakeShop shop = new FakeShop(2);
        List<String> orders = placeOrders(shop, 2);
        shop.forget(orders.get(0));
        shop.shipTwice(orders.get(1));
        long start = ticker.nanoTime();

        Observations obs = new TargetProbe(shop, ticker, 1_000, 5_000, 500, Set.of("DELIVERED"), 4).observe(shop.orderTokens());

        assertThat(obs.orders().get(orders.get(0)).httpStatus()).isEqualTo(404);
        assertThat(obs.orders().get(orders.get(0)).reads()).isEqualTo(11); // 0 s, 0.5 s, ... 5 s: polled until the bound
        assertThat(ticker.nanoTime() - start).isEqualTo(5_000_000_000L);
        assertThat(obs.shipments().get(orders.get(1)).shipmentIds()).hasSize(2);
    }
}
