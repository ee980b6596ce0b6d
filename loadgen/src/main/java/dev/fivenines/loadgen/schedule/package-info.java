/**
 * When each session is meant to start: a piecewise linear {@link dev.fivenines.loadgen.schedule.RateCurve}
 * and the {@link dev.fivenines.loadgen.schedule.ArrivalSchedule} drawn from it by time rescaling
 * (Poisson or uniform).
 *
 * <p>Guards: arrivals follow the curve's integral exactly in expectation, from a seeded generator, so
 * a schedule replays; the curve is immutable, a schedule belongs to the engine's one scheduler thread.
 */
package dev.fivenines.loadgen.schedule;
