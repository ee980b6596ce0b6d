/**
 * Workloads: a {@link dev.fivenines.loadgen.scenario.Scenario} is phases (duration, rate, session mix)
 * plus what every session shares (catalogue, flash sale, checkout retry), read from YAML by
 * {@link dev.fivenines.loadgen.scenario.ScenarioLoader}.
 *
 * <p>Guards: a scenario is validated when read, every problem a ConfigException naming its key path
 * and legal range; scenarios are immutable (the {@code with...} methods return copies) and
 * thread-safe.
 */
package dev.fivenines.loadgen.scenario;
