package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.StockLow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A StockLow whose publication fails on the leader (Kafka down, or the leader dies right after
 * applying) is not lost: the leader re-announces open episodes periodically, and a new leader does
 * so as soon as it takes over. Three real Ratis peers over gRPC.
 */
class StockLowReannounceTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 64, Duration.ZERO, 4, 1_000);

    static {
        LocalRaftCluster.RATIS_LOG.getName();
    }

    /** What reached "Kafka": peer id and event. */
    record Published(String peer, StockLow event) {
    }

    @TempDir
    Path dir;
    private final InventoryPeer[] peers = new InventoryPeer[3];
    private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
    /** The first StockLow anywhere fails to publish, as if Kafka refused it. */
    private final AtomicBoolean dropNext = new AtomicBoolean(true);
    private RaftInventoryClient client;

    @AfterEach
    void tearDown() throws Exception {
        LocalRaftCluster.closeAll(client, peers);
    }

    private InventoryGroup startGroup(RaftTuning tuning) {
        Map<String, String> addresses = LocalRaftCluster.loopbackAddresses(3);
        InventoryGroup group = new InventoryGroup("reannounce-" + UUID.randomUUID(), addresses);
        for (int i = 0; i < 3; i++) {
            String id = "i" + (i + 1);
            peers[i] = InventoryPeer.start(group, id, dir.resolve(id), tuning, System::currentTimeMillis, low -> {
                if (dropNext.compareAndSet(true, false)) {
                    throw new IllegalStateException("broker unreachable (simulated)");
                }
                published.add(new Published(id, low));
            });
        }
        client = RaftInventoryClient.connect(group, SETTINGS, Clock.systemUTC());
        return group;
    }

    private int leader() {
        int[] leader = {-1};
        // Past its take-over announcement, so that what it publishes later comes from the period.
        await("a leader that announced its take-over").atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i].announcedAsLeader(peers[i].groups().getFirst().name())) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** Restocks 10 of "hot" with safety stock 3 and sells 8: one episode opens, its publication is dropped. */
    private void openAnEpisodeWhosePublicationIsLost() {
        client.restock("hot", 10, "po-1");
        client.setPolicy("hot", 3, 20);
        assertThat(client.reserve(UUID.randomUUID(), List.of(new StockLine("hot", 8)), Duration.ofMinutes(5)))
                .isInstanceOf(ReserveResult.Held.class);
        await("the first publication is attempted and lost").atMost(Duration.ofSeconds(10)).until(() -> !dropNext.get());
    }

    @Test
    void givenAStockLowLostOnTheLeader_whenLeadershipMovesToAnotherPeer_thenTheNewLeaderPublishesTheEpisode() {
        // A period far beyond the test: only taking over leadership can announce.
        startGroup(RaftTuning.DEFAULT.withStockLowReannounce(Duration.ofHours(1)));
        int first = leader();
        openAnEpisodeWhosePublicationIsLost();
        assertThat(published).as("nothing reached the broker yet").isEmpty();
        int next = (first + 1) % peers.length;
        String nextId = "i" + (next + 1);
        // Let the successor apply the episode before it is asked to lead (a transfer needs it caught up anyway).
        await("successor applied the sale").atMost(Duration.ofSeconds(30))
                .until(() -> peers[next].stateMachine().openLowEpisodes().size() == 1);

        await("leadership moved to " + nextId).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            peers[first].transferLeadership(nextId, 3_000);
            return peers[next].isLeader();
        });

        await("the new leader announces the open episode").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(published).contains(new Published(nextId, new StockLow("hot", 1, 2, 3, 20))));
        assertThat(published).extracting(Published::peer).containsOnly(nextId);
    }

    @Test
    void givenAStockLowLostOnTheLeader_whenTheReannouncePeriodPasses_thenTheSameLeaderPublishesItAgain() {
        startGroup(RaftTuning.DEFAULT.withStockLowReannounce(Duration.ofMillis(200)));
        int first = leader();
        openAnEpisodeWhosePublicationIsLost();

        await("the leader re-announces the open episode").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(published).contains(new Published("i" + (first + 1), new StockLow("hot", 1, 2, 3, 20))));
    }

    @Test
    void givenAnEpisodeClosedByARestock_whenTheReannouncePeriodPasses_thenNothingIsAnnounced() {
        startGroup(RaftTuning.DEFAULT.withStockLowReannounce(Duration.ofMillis(200)));
        leader();
        openAnEpisodeWhosePublicationIsLost();
        client.restock("hot", 50, "po-2");
        // A second, open episode on another SKU is the witness that periods have passed.
        client.restock("cold", 5, "po-3");
        client.setPolicy("cold", 5, 10);

        await("the open episode of cold is announced").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(published).extracting(Published::event).contains(new StockLow("cold", 1, 5, 5, 10)));
        await("several periods").atMost(Duration.ofSeconds(30)).until(() ->
                published.stream().filter(p -> p.event().sku().equals("cold")).count() >= 4);
        // cold's first entry comes from the apply path; its second from an announcement that read the
        // ledger after hot's restock, and the announcer runs one announcement at a time: from there on,
        // every announcement sees hot's episode closed.
        List<String> order = published.stream().map(p -> p.event().sku()).toList();
        int secondCold = IntStream.range(0, order.size()).filter(i -> order.get(i).equals("cold")).skip(1).findFirst().orElseThrow();
        assertThat(order.subList(secondCold, order.size())).hasSizeGreaterThanOrEqualTo(3).containsOnly("cold");
    }
}
