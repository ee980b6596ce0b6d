/**
 * The ledger replicated with Apache Ratis: a peer process hosting one or more groups
 * ({@link dev.fivenines.inventory.raft.InventoryPeer}, its state machine and leader duties), the client
 * of one group ({@link dev.fivenines.inventory.raft.RaftInventoryClient}, batching and deadlines) and of
 * many ({@link dev.fivenines.inventory.raft.ShardedInventoryClient}, SKUs spread by consistent hash),
 * bounded-staleness reads at followers, tuning and TLS.
 *
 * <p>Guards: every call has a deadline and a bounded queue; a retry resends the same command
 * (idempotent by id); a follower answers a bounded read only if it can prove how stale it is; a
 * storage directory made for other groups is refused.
 */
package dev.fivenines.inventory.raft;
