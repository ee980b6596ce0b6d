/**
 * The ledger as a deterministic state machine ({@link dev.fivenines.inventory.ledger.StockLedger}),
 * its commands, replies, snapshot and binary codecs, and the {@link dev.fivenines.inventory.ledger.StockLow}
 * event it raises. Pure domain code: no Raft, SQL or clock.
 *
 * <p>Guards: the same commands with the same leader stamps give the same state and replies on every
 * replica; every command checks the invariants of the SKUs it touched (on hand and held never
 * negative, held never above on hand) and throws {@link dev.fivenines.inventory.ledger.LedgerInvariantException}
 * rather than go on from a broken state.
 */
package dev.fivenines.inventory.ledger;
