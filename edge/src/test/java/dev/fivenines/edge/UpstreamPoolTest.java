package dev.fivenines.edge;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamPoolTest {
    private final Upstream a = new Upstream("shop-1", URI.create("http://127.0.0.1:1"));
    private final Upstream b = new Upstream("shop-2", URI.create("http://127.0.0.1:2"));
    private final Upstream c = new Upstream("shop-3", URI.create("http://127.0.0.1:3"));
    private final UpstreamPool pool = new UpstreamPool("shop", List.of(a, b, c));

    @Test
    void givenAllHealthyRequestsRotateOverEveryInstance() {
        assertThat(pool.attemptOrder().get(0)).isSameAs(a);
        assertThat(pool.attemptOrder().get(0)).isSameAs(b);
        assertThat(pool.attemptOrder().get(0)).isSameAs(c);
        assertThat(pool.attemptOrder().get(0)).isSameAs(a);
    }

    @Test
    void givenOneDownItIsTriedOnlyAfterTheHealthyOnes() {
        b.markDown();

        for (int i = 0; i < 6; i++) {
            List<Upstream> order = pool.attemptOrder();
            assertThat(order).hasSize(3);
            assertThat(order.get(2)).isSameAs(b);
        }
        assertThat(b.failures()).isEqualTo(1);
    }

    @Test
    void givenAllDownEveryInstanceIsStillTriedSoAStaleBeliefIsNoOutage() {
        a.markDown();
        b.markDown();
        c.markDown();

        assertThat(pool.attemptOrder()).containsExactlyInAnyOrder(a, b, c);
    }
}
