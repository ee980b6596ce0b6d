/**
 * The open-loop generator: {@link dev.fivenines.loadgen.engine.LoadEngine} starts each session at its
 * intended time on its own virtual thread, sessions play their kind against the shop, and every
 * exchange goes through {@link dev.fivenines.loadgen.engine.Transport} and into the history.
 *
 * <p>Guards: latency runs from the operation's intended start (coordinated omission corrected);
 * requests go only to the target; every exchange has a deadline on the whole body and a body cap;
 * failures are values ({@link dev.fivenines.loadgen.engine.Reply}); a checkout is retried only with
 * its one Idempotency-Key; time comes only from the {@link dev.fivenines.loadgen.engine.Ticker} and
 * randomness from each session's seeded generator, so a run replays. The engine is thread-safe; a
 * session and its cookies belong to one thread.
 */
package dev.fivenines.loadgen.engine;
