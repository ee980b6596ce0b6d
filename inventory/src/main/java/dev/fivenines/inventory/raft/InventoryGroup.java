package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Raft group of inventory replicas: a name (its id is derived from it, so every process agrees
 * without coordination) and the peers' ids and gRPC addresses.
 *
 * <p>Peers are written {@code id=host:port,id=host:port,...}, e.g. {@code i1=127.0.0.1:7101}.
 *
 * <p>{@code preferredLeader} (nullable) gets a higher Raft priority: Ratis hands it leadership
 * whenever it is up to date, which spreads the leaders of several groups over the processes. The
 * priority is written into the group's configuration when the group is first formatted.
 *
 * <p>{@code tls} (nullable: plaintext) is how the group's peers and clients talk: every server and
 * client made for the group uses it, so none can be left plaintext by mistake.
 */
public record InventoryGroup(String name, Map<String, String> peerAddresses, String preferredLeader, RaftTls tls) {
    public InventoryGroup {
        Check.argument(name != null && !name.isBlank(), "an inventory group needs a name");
        Check.argument(peerAddresses != null && !peerAddresses.isEmpty(), "inventory group %s needs at least one peer", name);
        peerAddresses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peerAddresses));
        Check.argument(preferredLeader == null || peerAddresses.containsKey(preferredLeader),
                "preferred leader %s of inventory group %s is not one of its peers %s", preferredLeader, name, peerAddresses.keySet());
    }

    public InventoryGroup(String name, Map<String, String> peerAddresses) {
        this(name, peerAddresses, null, null);
    }

    public InventoryGroup(String name, Map<String, String> peerAddresses, String preferredLeader) {
        this(name, peerAddresses, preferredLeader, null);
    }

    /** The same group over mutual TLS ({@code null}: plaintext). */
    public InventoryGroup withTls(RaftTls tls) {
        return new InventoryGroup(name, peerAddresses, preferredLeader, tls);
    }

    /** The Ratis parameters for this group's servers and clients: TLS if configured, else none. */
    org.apache.ratis.conf.Parameters parameters() {
        return tls == null ? new org.apache.ratis.conf.Parameters() : tls.parameters();
    }

    public static InventoryGroup parse(String name, String peers) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String part : peers.split(",")) {
            String[] idAndAddress = part.trim().split("=", 2);
            Check.argument(idAndAddress.length == 2 && idAndAddress[1].contains(":"),
                    "peer must be id=host:port, was '%s' in '%s'", part, peers);
            addresses.put(idAndAddress[0].trim(), idAndAddress[1].trim());
        }
        return new InventoryGroup(name, addresses);
    }

    public RaftGroupId groupId() {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("fivenines-inventory/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    public List<RaftPeer> peers() {
        List<RaftPeer> peers = new ArrayList<>();
        peerAddresses.forEach((id, address) -> peers.add(peer(id)));
        return peers;
    }

    public RaftGroup raftGroup() {
        return RaftGroup.valueOf(groupId(), peers());
    }

    public RaftPeer peer(String id) {
        String address = peerAddresses.get(id);
        Check.argument(address != null, "peer %s is not in inventory group %s (peers %s)", id, name, peerAddresses.keySet());
        return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(id)).setAddress(address)
                .setPriority(id.equals(preferredLeader) ? 1 : 0).build();
    }

    /** How {@link #parse} writes it back. */
    public String peersSpec() {
        StringBuilder spec = new StringBuilder();
        peerAddresses.forEach((id, address) -> spec.append(spec.isEmpty() ? "" : ",").append(id).append('=').append(address));
        return spec.toString();
    }
}
