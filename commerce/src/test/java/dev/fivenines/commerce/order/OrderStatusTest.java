package dev.fivenines.commerce.order;

import dev.fivenines.base.state.IllegalTransitionException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderStatusTest {
    private static final Set<String> LEGAL = Set.of(
            "PLACED->PAID", "PAID->SHIPPED", "SHIPPED->DELIVERED", "PLACED->CANCELLED", "PAID->CANCELLED");

    @Test
    void givenTheTransitionTable_whenEveryPairIsTried_thenOnlyTheFiveLegalMovesSucceedAndTheRestThrow() {
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean legal = LEGAL.contains(from + "->" + to);
                assertThat(from.canMoveTo(to)).as(from + "->" + to).isEqualTo(legal);
                if (legal) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to))
                            .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                                assertThat(e.from()).isEqualTo(from);
                                assertThat(e.to()).isEqualTo(to);
                            })
                            .hasMessageContaining(from + " -> " + to);
                }
            }
        }
    }

    @Test
    void givenAnOrder_whenAskedIfCancellable_thenOnlyPlacedAndPaidAre() {
        EnumSet<OrderStatus> cancellable = EnumSet.noneOf(OrderStatus.class);
        for (OrderStatus s : OrderStatus.values()) {
            if (s.isCancellable()) {
                cancellable.add(s);
            }
        }
        assertThat(cancellable).containsExactlyInAnyOrder(OrderStatus.PLACED, OrderStatus.PAID);
    }
}
