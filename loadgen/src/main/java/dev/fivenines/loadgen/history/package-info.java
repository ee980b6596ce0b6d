/**
 * The history file (JSON lines): header, one {@link dev.fivenines.loadgen.history.OpRecord} per
 * exchange, footer; its writer and reader.
 *
 * <p>Guards: lines stay whole under many writing threads (the writer and every
 * {@link dev.fivenines.loadgen.history.HistorySink} are thread-safe); a write failure is not lost but
 * thrown when the run closes; a history without a footer was cut short. The file is the contract
 * between {@code load} and {@code check}.
 */
package dev.fivenines.loadgen.history;
