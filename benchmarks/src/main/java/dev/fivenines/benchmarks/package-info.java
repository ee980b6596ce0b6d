/**
 * Side-by-side benchmarks, plain main classes run by hand (docs/benchmarks.md says how): the
 * inventory ledger (Raft against PostgreSQL, failover, strong against bounded reads) and traffic
 * shaping under overload against a running local cluster.
 *
 * <p>Guards: loopback targets only, every loop bounded in count and time; results go to reports and
 * docs/benchmarks.md, and no test asserts a timing. Decisions taken from their figures are in
 * docs/decisions/. Not used by any other module.
 */
package dev.fivenines.benchmarks;
