/**
 * What a run measured: per-operation HdrHistograms (from the intended start and from the send),
 * outcomes by class, and a per-second timeline, copied out after the run as a
 * {@link dev.fivenines.loadgen.stats.StatsSnapshot}.
 *
 * <p>Guards: {@link dev.fivenines.loadgen.stats.Stats} is thread-safe; a reported percentile is never
 * below the true one (HdrHistogram's highest equivalent value); the timeline's memory is bounded
 * (closed seconds are reduced to a few numbers).
 */
package dev.fivenines.loadgen.stats;
