package dev.fivenines.edge.config;

public record TrafficOutlier(int consecutiveErrors, int slowMillis, int baseEjectionMillis, int maxEjectionPercent,
                             int rampMillis) {
}
