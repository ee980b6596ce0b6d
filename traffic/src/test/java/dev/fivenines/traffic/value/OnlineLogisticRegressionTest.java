package dev.fivenines.traffic.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineLogisticRegressionTest {
    private static final double[] BUYER = {1, 0.5, 1, 1, 0.2};
    private static final double[] BROWSER = {1, 0, 0, 0, 0.02};

    @Test
    void givenWeightsLearnedByOneModel_whenRestoredIntoAFreshOne_thenItPredictsTheSameAndKeepsLearningFromThere() {
        OnlineLogisticRegression trained = new OnlineLogisticRegression(5, 0.2, 1e-4);
        for (int i = 0; i < 500; i++) {
            trained.update(BUYER, true);
            trained.update(BROWSER, false);
        }
        OnlineLogisticRegression restarted = new OnlineLogisticRegression(5, 0.2, 1e-4);
        assertThat(restarted.predict(BUYER)).isEqualTo(0.5);

        restarted.restore(trained.weights(), trained.gradSquares(), trained.updates());

        assertThat(restarted.predict(BUYER)).isEqualTo(trained.predict(BUYER)).isGreaterThan(0.8);
        assertThat(restarted.predict(BROWSER)).isEqualTo(trained.predict(BROWSER)).isLessThan(0.2);
        assertThat(restarted.updates()).isEqualTo(1000);
        restarted.update(BUYER, true);
        trained.update(BUYER, true);
        assertThat(restarted.weights()).as("the same step: the gradient sums came along").containsExactly(trained.weights());
    }

    /**
     * Per-weight rates: a feature seen once in a hundred examples learns as fast as the bias does
     * from all of them, and the steps shrink as evidence accumulates (a flood of contrary examples
     * late moves a weight less than the same flood early).
     */
    @Test
    void givenARareFeatureItLearnsAtItsOwnPace_andStepsShrinkAsEvidenceAccumulates() {
        double[] common = {1, 0, 0, 0, 0};
        double[] rare = {1, 0, 0, 1, 0};
        OnlineLogisticRegression model = new OnlineLogisticRegression(5, 0.2, 0);
        for (int i = 0; i < 5_000; i++) {
            model.update(i % 100 == 0 ? rare : common, i % 100 == 0);
        }
        assertThat(model.predict(common)).as("the common one never bought").isLessThan(0.02);
        assertThat(model.predict(rare)).as("the rare feature always did").isGreaterThan(10 * model.predict(common));

        double early = stepOf(new OnlineLogisticRegression(5, 0.2, 0));
        double late = stepOf(model);
        assertThat(late).isLessThan(early / 10);
    }

    /** How far one negative example of the rare kind moves its weight. */
    private static double stepOf(OnlineLogisticRegression model) {
        double before = model.weights()[3];
        model.update(new double[]{1, 0, 0, 1, 0}, false);
        return Math.abs(model.weights()[3] - before);
    }

    @Test
    void givenADamagedSnapshot_whenRestored_thenItIsRefusedAndTheModelIsUntouched() {
        OnlineLogisticRegression model = new OnlineLogisticRegression(5, 0.05, 1e-4);
        model.update(BUYER, true);
        double[] before = model.weights();

        assertThatThrownBy(() -> model.restore(new double[]{1, 2, 3}, new double[5], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 5 weights");
        assertThatThrownBy(() -> model.restore(new double[]{1, Double.NaN, 0, 0, 0}, new double[5], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> model.restore(new double[5], new double[]{0, -1, 0, 0, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> model.restore(new double[5], new double[4], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradient sums");
        assertThatThrownBy(() -> model.restore(null, new double[5], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.restore(new double[5], new double[5], -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(model.weights()).containsExactly(before);
        assertThat(model.updates()).isEqualTo(1);
    }
}
