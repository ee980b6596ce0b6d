/**
 * The ledger on one PostgreSQL database ({@link dev.fivenines.inventory.sql.PgStockLedger}) and the
 * reaper that expires overdue holds in bounded batches: the single-process set-up and the benchmark
 * baseline. Guards: a conditional update plus CHECK constraints make oversell impossible; stock rows
 * are locked in SKU order, so two holds never deadlock.
 */
package dev.fivenines.inventory.sql;
