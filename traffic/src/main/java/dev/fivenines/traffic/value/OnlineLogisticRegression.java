package dev.fivenines.traffic.value;

import dev.fivenines.base.Check;

/**
 * Logistic regression trained one example at a time (stochastic gradient descent with L2
 * shrinkage), so the model follows the shop as it runs instead of being fitted offline.
 * Feature vectors include their own bias term. Thread-safe.
 */
public final class OnlineLogisticRegression {
    private final double[] weights;
    private final double learningRate;
    private final double l2;
    private long updates;

    public OnlineLogisticRegression(int features, double learningRate, double l2) {
        Check.argument(features > 0, "features must be positive, was %s", features);
        Check.argument(learningRate > 0 && learningRate <= 1, "learningRate must be in (0, 1], was %s", learningRate);
        Check.argument(l2 >= 0 && l2 < 1, "l2 must be in [0, 1), was %s", l2);
        this.weights = new double[features];
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /** Probability of the positive class for {@code x}. */
    public synchronized double predict(double[] x) {
        return sigmoid(dot(x));
    }

    /** One gradient step towards {@code positive}. */
    public synchronized void update(double[] x, boolean positive) {
        Check.argument(x.length == weights.length, "expected %s features, got %s", weights.length, x.length);
        double error = (positive ? 1.0 : 0.0) - sigmoid(dot(x));
        for (int i = 0; i < weights.length; i++) {
            weights[i] += learningRate * (error * x[i] - l2 * weights[i]);
        }
        updates++;
    }

    /**
     * Continues from weights learned earlier (a snapshot taken before a restart) instead of zeros.
     * Refused unless there is one finite weight per feature: a damaged snapshot must not steer admission.
     */
    public synchronized void restore(double[] saved, long savedUpdates) {
        Check.argument(saved != null && saved.length == weights.length, "expected %s weights, got %s", weights.length,
                saved == null ? "none" : saved.length);
        for (double w : saved) {
            Check.argument(Double.isFinite(w), "weights must be finite, got %s", w);
        }
        Check.argument(savedUpdates >= 0, "updates must not be negative, was %s", savedUpdates);
        System.arraycopy(saved, 0, weights, 0, weights.length);
        updates = savedUpdates;
    }

    public synchronized double[] weights() {
        return weights.clone();
    }

    public synchronized long updates() {
        return updates;
    }

    private double dot(double[] x) {
        Check.argument(x.length == weights.length, "expected %s features, got %s", weights.length, x.length);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += weights[i] * x[i];
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-Math.max(-30, Math.min(30, z))));
    }
}
