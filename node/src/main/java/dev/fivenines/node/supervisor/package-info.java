/**
 * The local supervisor behind {@code ./fivenines up}: starts PostgreSQL, Kafka and every role
 * instance as processes, waits for readiness, restarts any process that exits with crash-loop
 * back-off, records each exit and restart in {@code events.jsonl} and the cluster's state in
 * {@code cluster.json} (docs/supervisor.md). It guards that it never leaves a process it started
 * running after {@code down}, and that a start that fails names the part and its log.
 */
package dev.fivenines.node.supervisor;
