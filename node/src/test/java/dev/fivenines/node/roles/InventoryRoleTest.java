package dev.fivenines.node.roles;

import dev.fivenines.base.ProblemException;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.node.config.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryRoleTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");

    @Test
    void givenThreeGroupsOverThreeInstances_whenTheTopologyIsBuilt_thenEveryInstanceHostsEachGroupAndLeadsOne() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", "1000", "FIVENINES_INVENTORY_GROUPS", "3"));

        List<InventoryGroup> groups = InventoryRole.groups(config);

        assertThat(groups).extracting(InventoryGroup::name).containsExactly("inventory-1", "inventory-2", "inventory-3");
        assertThat(groups).extracting(InventoryGroup::preferredLeader).containsExactly("i1", "i2", "i3");
        // One Raft port per process, HTTP port + 100, shared by every group it hosts.
        assertThat(groups).allSatisfy(g -> assertThat(g.peerAddresses()).containsExactly(
                Map.entry("i1", "127.0.0.1:9201"), Map.entry("i2", "127.0.0.1:9202"), Map.entry("i3", "127.0.0.1:9203")));
        assertThat(groups).extracting(InventoryGroup::groupId).doesNotHaveDuplicates();
    }

    @Test
    void givenALedgerMadeWithThreeGroups_whenTheConfigSaysOne_thenTheSupervisorKeepsThree(@org.junit.jupiter.api.io.TempDir Path state)
            throws Exception {
        recordLedger(state, "i2", "inventory-1\ninventory-2\ninventory-3\n");
        ClusterConfig configured = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "1"));

        ClusterConfig kept = InventoryRole.keepRecordedGroups(configured, state);

        assertThat(kept.inventory().groups()).isEqualTo(3);
        assertThat(InventoryRole.groups(kept)).extracting(InventoryGroup::name).containsExactly("inventory-1", "inventory-2", "inventory-3");
    }

    @Test
    void givenNoLedgerYetOrOneMadeWithTheConfiguredGroups_whenStarting_thenTheConfiguredCountStands(@org.junit.jupiter.api.io.TempDir Path state)
            throws Exception {
        ClusterConfig configured = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "1"));
        assertThat(InventoryRole.keepRecordedGroups(configured, state)).isSameAs(configured);

        recordLedger(state, "i1", "inventory\n");
        assertThat(InventoryRole.keepRecordedGroups(configured, state)).isSameAs(configured);
    }

    @Test
    void givenStorageMadeForGroupsThatAreNotOurs_whenStarting_thenTheConfigStandsForTheReplicasToRefuse(@org.junit.jupiter.api.io.TempDir Path state)
            throws Exception {
        recordLedger(state, "i1", "stock-a\nstock-b\n");
        ClusterConfig configured = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "1"));

        assertThat(InventoryRole.keepRecordedGroups(configured, state)).isSameAs(configured);
    }

    /** What a replica's storage records on its first start: the names of its groups, one a line. */
    private static void recordLedger(Path state, String replica, String groupsFile) throws java.io.IOException {
        Path dir = java.nio.file.Files.createDirectories(state.resolve(InventoryRole.NAME).resolve(replica));
        java.nio.file.Files.writeString(dir.resolve("fivenines-inventory-groups"), groupsFile);
    }

    @Test
    void givenRaftHostsAndTls_whenTheTopologyIsBuilt_thenEveryGroupUsesThemForPeersAndClients(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path key = java.nio.file.Files.writeString(dir.resolve("k.pem"), "key");
        Path cert = java.nio.file.Files.writeString(dir.resolve("c.pem"), "cert");
        Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "ca");
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_HOSTS", "10.1.0.1,10.1.0.2,10.1.0.3",
                "FIVENINES_INVENTORY_RAFT_TLS_KEY", key.toString(), "FIVENINES_INVENTORY_RAFT_TLS_CERT", cert.toString(),
                "FIVENINES_INVENTORY_RAFT_TLS_TRUST", ca.toString()));

        List<InventoryGroup> groups = InventoryRole.groups(config);

        assertThat(groups).allSatisfy(g -> {
            assertThat(g.peerAddresses()).containsExactly(
                    Map.entry("i1", "10.1.0.1:8201"), Map.entry("i2", "10.1.0.2:8202"), Map.entry("i3", "10.1.0.3:8203"));
            assertThat(g.tls()).isEqualTo(new dev.fivenines.inventory.raft.RaftTls(key, cert, ca));
        });
    }

    @Test
    void givenMoreGroupsThanInstances_whenTheTopologyIsBuilt_thenPreferredLeadersGoRoundTheInstances() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "5"));

        assertThat(InventoryRole.groups(config)).extracting(InventoryGroup::preferredLeader)
                .containsExactly("i1", "i2", "i3", "i1", "i2");
    }

    @Test
    void givenOneGroup_whenTheTopologyIsBuilt_thenItIsThePreShardingGroupWithItsIdAndNoPreferredLeader() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "1"));

        List<InventoryGroup> groups = InventoryRole.groups(config);

        assertThat(groups).hasSize(1);
        assertThat(groups.getFirst().name()).isEqualTo("inventory");
        assertThat(groups.getFirst().preferredLeader()).isNull();
        // The id the single group always had, so an existing state dir is recovered as it is.
        assertThat(groups.getFirst().groupId().getUuid()).isEqualTo(java.util.UUID.nameUUIDFromBytes(
                "fivenines-inventory/inventory".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void givenSeveralGroups_whenATransferNamesNoGroupOrAnUnknownOne_thenA400SaysWhichGroupsExist() {
        List<InventoryGroup> groups = InventoryRole.groups(ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "3")));

        assertThatThrownBy(() -> InventoryRole.groupParameter(groups, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("'group' is required", "inventory-1", "inventory-3");
                });
        assertThatThrownBy(() -> InventoryRole.groupParameter(groups, "inventory-9"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("'inventory-9' is not one of");
                });
        assertThat(InventoryRole.groupParameter(groups, "inventory-2").name()).isEqualTo("inventory-2");
    }

    @Test
    void givenThreeGroups_whenAskedWhichGroupOwnsASku_thenItAgreesWithTheCheckoutClientsRing() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", "7000", "FIVENINES_INVENTORY_GROUPS", "3"));
        List<InventoryGroup> groups = InventoryRole.groups(config);
        // Clients connect lazily: nothing listens on these ports, none is contacted.
        try (var client = InventoryRole.client(config, java.time.Clock.systemUTC())) {
            List<String> skus = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "sku-" + i).toList();
            assertThat(skus).allSatisfy(sku -> assertThat(InventoryRole.groupOf(groups, sku)).isEqualTo(client.groupOf(sku)));
            assertThat(skus).extracting(sku -> InventoryRole.groupOf(groups, sku)).containsOnly("inventory-1", "inventory-2", "inventory-3")
                    .contains("inventory-1", "inventory-2", "inventory-3");
        }
    }

    @Test
    void givenOneGroup_whenATransferNamesNoGroup_thenItIsThatGroup() {
        List<InventoryGroup> groups = InventoryRole.groups(ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "1")));

        assertThat(InventoryRole.groupParameter(groups, null).name()).isEqualTo("inventory");
    }

    @Test
    void givenNoAdminToken_whenAReplicaIsConfigured_thenItIsRefusedBeforeAnyRaftStorageIsMade(@org.junit.jupiter.api.io.TempDir Path dir) {
        // A replica that formatted its groups and then exited before their first election came back with
        // groups of no members that never elect: configuration must fail before the storage exists.
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", "9000"));
        RoleContext ctx = new RoleContext("inventory", 1, 0, config, new dev.fivenines.node.supervisor.StateDir(dir),
                Map.of(), null, null, java.time.Clock.systemUTC(), null);

        assertThatThrownBy(() -> new InventoryRole().configure(ctx, null))
                .isInstanceOf(dev.fivenines.base.ConfigException.class).hasMessageContaining("FIVENINES_ADMIN_TOKEN");
        assertThat(dir.resolve(InventoryRole.NAME)).doesNotExist();
    }
}
