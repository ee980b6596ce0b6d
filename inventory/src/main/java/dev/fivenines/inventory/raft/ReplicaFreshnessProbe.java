package dev.fivenines.inventory.raft;

import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

import java.util.List;

/** Reads a {@link ReplicaView} out of a Ratis division. */
final class ReplicaFreshnessProbe {
    private ReplicaFreshnessProbe() {
    }

    static ReplicaView observe(RaftServer.Division division) {
        DivisionInfo info = division.getInfo();
        int groupSize = Math.max(1, division.getGroup().getPeers().size());
        // Contact times first, commit indexes second (see ReplicaView): Ratis stamps a follower's
        // last contact before it records the commit index carried by the same append.
        RoleInfoProto roleInfo = info.getRoleInfoProto();
        RaftPeerId leader = info.getLeaderId();
        if (info.isLeader()) {
            if (!info.isLeaderReady()) {
                // A new leader has not yet committed an entry of its own term: its commit index may lag.
                return new ReplicaView(ReplicaView.Role.OTHER, -1, List.of(), groupSize, -1);
            }
            List<Long> acks = roleInfo.getLeaderInfo().getFollowerInfoList().stream()
                    .map(ServerRpcProto::getLastRpcElapsedTimeMs).toList();
            return new ReplicaView(ReplicaView.Role.LEADER, -1, acks, groupSize, division.getRaftLog().getLastCommittedIndex());
        }
        if (info.isFollower() && leader != null && roleInfo.hasFollowerInfo() && roleInfo.getFollowerInfo().hasLeaderInfo()) {
            long contact = roleInfo.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            long target = division.getRaftLog().getLastCommittedIndex();
            // A follower whose log lags caps its own commit index at its log's end; the leader's own
            // commit index, which travels with every append, is the one that covers acknowledged writes.
            for (CommitInfoProto commit : division.getCommitInfos()) {
                if (RaftPeerId.valueOf(commit.getServer().getId()).equals(leader)) {
                    target = Math.max(target, commit.getCommitIndex());
                }
            }
            return new ReplicaView(ReplicaView.Role.FOLLOWER, contact, List.of(), groupSize, target);
        }
        return new ReplicaView(ReplicaView.Role.OTHER, -1, List.of(), groupSize, -1);
    }
}
