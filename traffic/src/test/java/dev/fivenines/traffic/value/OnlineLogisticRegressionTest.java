package dev.fivenines.traffic.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineLogisticRegressionTest {
    private static final double[] BUYER = {1, 0.5, 1, 1, 0.2};
    private static final double[] BROWSER = {1, 0, 0, 0, 0.02};

    @Test
    void givenWeightsLearnedByOneModel_whenRestoredIntoAFreshOne_thenItPredictsTheSameAndKeepsLearningFromThere() {
        OnlineLogisticRegression trained = new OnlineLogisticRegression(5, 0.05, 1e-4);
        for (int i = 0; i < 500; i++) {
            trained.update(BUYER, true);
            trained.update(BROWSER, false);
        }
        OnlineLogisticRegression restarted = new OnlineLogisticRegression(5, 0.05, 1e-4);
        assertThat(restarted.predict(BUYER)).isEqualTo(0.5);

        restarted.restore(trained.weights(), trained.updates());

        assertThat(restarted.predict(BUYER)).isEqualTo(trained.predict(BUYER)).isGreaterThan(0.8);
        assertThat(restarted.predict(BROWSER)).isEqualTo(trained.predict(BROWSER)).isLessThan(0.2);
        assertThat(restarted.updates()).isEqualTo(1000);
        restarted.update(BUYER, true);
        trained.update(BUYER, true);
        assertThat(restarted.weights()).containsExactly(trained.weights());
    }

    @Test
    void givenADamagedSnapshot_whenRestored_thenItIsRefusedAndTheModelIsUntouched() {
        OnlineLogisticRegression model = new OnlineLogisticRegression(5, 0.05, 1e-4);
        model.update(BUYER, true);
        double[] before = model.weights();

        assertThatThrownBy(() -> model.restore(new double[]{1, 2, 3}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 5 weights");
        assertThatThrownBy(() -> model.restore(new double[]{1, Double.NaN, 0, 0, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> model.restore(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.restore(new double[5], -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(model.weights()).containsExactly(before);
        assertThat(model.updates()).isEqualTo(1);
    }
}
