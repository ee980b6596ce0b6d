/**
 * Correctness checkers over a load history: no oversell, no lost order, no double charge,
 * exactly-once effects, each a {@link dev.fivenines.loadgen.check.CheckResult} with violations a person
 * can follow up; and the probe that reads orders and shipments back from the shop.
 *
 * <p>Guards: the checkers are pure (the shop's answers come in as
 * {@link dev.fivenines.loadgen.check.Observations}); what could not be checked is said, never counted
 * as a pass silently; the probe's polling is bounded by the settle time.
 */
package dev.fivenines.loadgen.check;
