package dev.fivenines.benchmarks;

import dev.fivenines.inventory.raft.InventoryGroup;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftPeer;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The group's Raft term, as the highest term of a committed entry any replica reports: every election
 * that produced a leader bumps it once its first entry commits, so the difference across a load run
 * counts the leader changes in it (none expected without a fault). Plain-text groups only (no TLS).
 */
final class RaftTerms {
    private static final Logger LOG = Logger.getLogger(RaftTerms.class.getName());

    private RaftTerms() {
    }

    /** -1 if no replica answered. */
    static long committedTerm(InventoryGroup group) {
        long term = -1;
        try (RaftClient client = RaftClient.newBuilder().setRaftGroup(group.raftGroup()).setProperties(new RaftProperties())
                .setParameters(new Parameters()).build()) {
            for (RaftPeer peer : group.raftGroup().getPeers()) {
                try {
                    term = Math.max(term, client.getGroupManagementApi(peer.getId()).info(group.groupId())
                            .getLogInfoProto().getCommitted().getTerm());
                } catch (IOException e) {
                    LOG.log(Level.FINE, "replica " + peer.getId() + " did not say its term", e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the term client failed", e);
        }
        return term;
    }
}
