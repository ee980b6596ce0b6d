package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingPaymentPolicyTest {
    private static final PendingPaymentPolicy POLICY = PendingPaymentPolicy.of(3, new Money(10_000, "USD"), new Money(4_000, "USD"));

    private static PendingExposure exposure(int orders, long usdMinor) {
        return new PendingExposure(orders, Map.of("USD", usdMinor));
    }

    @Test
    void givenRoomInCountAndMoney_whenAnOrderWithinThePerOrderLimitAsks_thenItIsAdmitted() {
        assertThat(POLICY.refusal(new Money(4_000, "USD"), exposure(2, 6_000))).isEmpty();
    }

    @Test
    void givenEachLimit_whenItWouldBePassed_thenTheRefusalNamesIt() {
        assertThat(POLICY.refusal(new Money(4_001, "USD"), exposure(0, 0))).hasValueSatisfying(r -> assertThat(r).contains("per order"));
        assertThat(POLICY.refusal(new Money(1, "USD"), exposure(3, 0))).hasValueSatisfying(r -> assertThat(r).contains("limit 3"));
        assertThat(POLICY.refusal(new Money(4_000, "USD"), exposure(1, 6_001))).hasValueSatisfying(r -> assertThat(r).contains("10000"));
    }

    @Test
    void givenACurrencyWithoutLimits_whenAnOrderInItAsks_thenItIsRefused() {
        assertThat(POLICY.refusal(new Money(1, "EUR"), exposure(0, 0))).isPresent();
    }

    @Test
    void givenTheDisabledPolicy_whenAnythingAsks_thenItIsRefusedAndReportsDisabled() {
        assertThat(PendingPaymentPolicy.DISABLED.enabled()).isFalse();
        assertThat(PendingPaymentPolicy.DISABLED.refusal(new Money(0, "USD"), exposure(0, 0))).isPresent();
    }

    @Test
    void givenBadLimits_whenBuilt_thenTheErrorNamesTheSetting() {
        assertThatThrownBy(() -> new PendingPaymentPolicy(-1, Map.of(), Map.of())).hasMessageContaining("maxPendingOrders");
        assertThatThrownBy(() -> new PendingPaymentPolicy(1, Map.of("USD", -5L), Map.of())).hasMessageContaining("maxPendingAmount.USD");
        assertThatThrownBy(() -> PendingPaymentPolicy.of(1, new Money(1, "USD"), new Money(1, "EUR"))).hasMessageContaining("currency");
    }

    @Test
    void givenPending_whenMoved_thenOnlyAuthorizedOrVoidedAreLegal() {
        assertThat(PaymentStatus.PENDING.canMoveTo(PaymentStatus.AUTHORIZED)).isTrue();
        assertThat(PaymentStatus.PENDING.canMoveTo(PaymentStatus.VOIDED)).isTrue();
        assertThat(PaymentStatus.PENDING.undone()).isEqualTo(PaymentStatus.VOIDED);
        assertThatThrownBy(() -> PaymentStatus.PENDING.moveTo(PaymentStatus.CAPTURED)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PaymentStatus.AUTHORIZED.moveTo(PaymentStatus.PENDING)).isInstanceOf(IllegalStateException.class);
    }
}
