package dev.fivenines.loadgen.scenario;

/** How arrival times are spaced at a given rate. */
public enum Arrivals {
    /** Exponential gaps (a Poisson process): how independent users arrive; the default. */
    POISSON,
    /** Equal gaps of 1/rate: easier to reason about when comparing two runs. */
    UNIFORM
}
