package dev.fivenines.inventory.ledger;

import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.ReserveResult.Shortage;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerCommand.Adjust;
import dev.fivenines.inventory.ledger.LedgerCommand.Commit;
import dev.fivenines.inventory.ledger.LedgerCommand.Expire;
import dev.fivenines.inventory.ledger.LedgerCommand.Release;
import dev.fivenines.inventory.ledger.LedgerCommand.Reserve;
import dev.fivenines.inventory.ledger.LedgerCommand.Restock;
import dev.fivenines.inventory.ledger.LedgerCommand.SetPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockLedgerTest {
    private final StockLedger ledger = new StockLedger(60_000, 600_000);
    private long now = 1_000;

    private LedgerReply run(LedgerCommand command) {
        return ledger.apply(now, command).reply();
    }

    private Reserve reserve(UUID id, String sku, int units) {
        return new Reserve(id, List.of(new StockLine(sku, units)), now + 10_000);
    }

    @Test
    void given10Units_when11OneUnitHoldsArrive_thenExactly10AreHeldAndTheLastIsShort() {
        run(new Restock("A", 10, "r1"));
        List<LedgerReply> replies = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            replies.add(run(reserve(UUID.randomUUID(), "A", 1)));
        }
        assertThat(replies).filteredOn(r -> r instanceof LedgerReply.Held).hasSize(10);
        assertThat(replies.getLast()).isEqualTo(new LedgerReply.Short(List.of(new Shortage("A", 1, 0))));
        assertThat(ledger.stock("A").orElseThrow()).extracting(StockLedger.SkuStock::onHand, StockLedger.SkuStock::held)
                .containsExactly(10, 10);
    }

    @Test
    void givenOneLineShort_whenReservingTwoSkus_thenNothingIsHeldAndTheShortSkuIsNamed() {
        run(new Restock("A", 5, "r1"));
        run(new Restock("B", 1, "r2"));
        LedgerReply reply = run(new Reserve(UUID.randomUUID(), List.of(new StockLine("A", 2), new StockLine("B", 3)), now + 10));
        assertThat(reply).isEqualTo(new LedgerReply.Short(List.of(new Shortage("B", 3, 1))));
        assertThat(ledger.available("A")).contains(5);
        assertThat(ledger.available("B")).contains(1);
    }

    @Test
    void givenAShortReserve_whenRepeatedAfterRestock_thenTheFirstReplyIsReplayed() {
        UUID id = UUID.randomUUID();
        LedgerReply first = run(reserve(id, "A", 1));
        run(new Restock("A", 5, "r1"));
        assertThat(run(reserve(id, "A", 1))).isEqualTo(first).isInstanceOf(LedgerReply.Short.class);
        assertThat(ledger.available("A")).contains(5);
    }

    @Test
    void givenAHold_whenReserveIsRepeated_thenTheSameHoldIsReturnedAndNoMoreUnitsAreHeld() {
        run(new Restock("A", 5, "r1"));
        UUID id = UUID.randomUUID();
        LedgerReply first = run(reserve(id, "A", 2));
        now += 5;
        assertThat(run(reserve(id, "A", 2))).isEqualTo(first);
        assertThat(ledger.available("A")).contains(3);
    }

    @Test
    void givenAHold_whenCommittedThenReleased_thenTheSaleIsUndoneAndRepeatsReplay() {
        run(new Restock("A", 5, "r1"));
        UUID id = UUID.randomUUID();
        run(reserve(id, "A", 2));
        assertThat(run(new Commit(id))).isEqualTo(LedgerReply.APPLIED);
        assertThat(ledger.stock("A").orElseThrow()).extracting(StockLedger.SkuStock::onHand, StockLedger.SkuStock::held)
                .containsExactly(3, 0);
        assertThat(run(new Commit(id))).isEqualTo(LedgerReply.APPLIED);
        assertThat(run(new Release(id))).isEqualTo(LedgerReply.APPLIED);
        assertThat(run(new Release(id))).isEqualTo(LedgerReply.APPLIED);
        assertThat(ledger.stock("A").orElseThrow().onHand()).isEqualTo(5);
        assertThat(ledger.holdStatus(id)).contains(HoldStatus.RELEASED);
    }

    @Test
    void givenAHold_whenTheLeaderStampPassesItsExpiry_thenItExpiresAndCannotBeCommitted() {
        run(new Restock("A", 5, "r1"));
        UUID id = UUID.randomUUID();
        run(new Reserve(id, List.of(new StockLine("A", 2)), now + 100));
        now += 99;
        run(new Expire());
        assertThat(ledger.holdStatus(id)).contains(HoldStatus.HELD);
        now += 1;
        run(new Expire());
        assertThat(ledger.holdStatus(id)).contains(HoldStatus.EXPIRED);
        assertThat(ledger.available("A")).contains(5);
        assertThat(run(new Commit(id))).isEqualTo(LedgerReply.NOT_APPLIED);
        assertThat(run(new Release(id))).isEqualTo(LedgerReply.APPLIED);
    }

    @Test
    void givenAnOlderStamp_whenApplied_thenTimeDoesNotGoBackwards() {
        run(new Restock("A", 5, "r1"));
        now = 5_000;
        run(new Expire());
        now = 2_000;
        LedgerReply reply = run(new Reserve(UUID.randomUUID(), List.of(new StockLine("A", 1)), 4_000));
        assertThat(reply).isInstanceOf(LedgerReply.Rejected.class);
        assertThat(ledger.nowMillis()).isEqualTo(5_000);
    }

    @Test
    void givenNoSuchHold_whenCommittedOrReleased_thenTheLedgerSaysItDoesNotKnowIt() {
        assertThat(run(new Commit(UUID.randomUUID()))).isEqualTo(LedgerReply.NO_SUCH_HOLD);
        assertThat(run(new Release(UUID.randomUUID()))).isEqualTo(LedgerReply.NO_SUCH_HOLD);
    }

    @Test
    void givenARestock_whenTheReceiptIsRedelivered_thenStockIsAddedOnce() {
        run(new Restock("A", 5, "po-1"));
        assertThat(run(new Restock("A", 5, "po-1"))).isEqualTo(LedgerReply.APPLIED);
        assertThat(ledger.stock("A").orElseThrow().onHand()).isEqualTo(5);
    }

    @Test
    void givenHeldUnits_whenACycleCountSaysFewer_thenTheAdjustIsRejectedWithTheNumbers() {
        run(new Restock("A", 5, "r1"));
        run(reserve(UUID.randomUUID(), "A", 4));
        LedgerReply reply = run(new Adjust("A", 3, "cycle count", "adj-1"));
        assertThat(reply).isInstanceOf(LedgerReply.Rejected.class);
        assertThat(((LedgerReply.Rejected) reply).reason()).contains("sku A", "4 units held", "3");
        assertThat(run(new Adjust("A", 7, "cycle count", "adj-2"))).isEqualTo(LedgerReply.APPLIED);
        assertThat(ledger.available("A")).contains(3);
    }

    @Test
    void givenSafetyStock_whenAvailableFallsBelowItRepeatedly_thenOneStockLowPerEpisode() {
        run(new Restock("A", 10, "r1"));
        ledger.apply(now, new SetPolicy("A", 3, 20));
        List<StockLow> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            events.addAll(ledger.apply(now, reserve(UUID.randomUUID(), "A", 1)).events());
        }
        assertThat(events).containsExactly(new StockLow("A", 1, 3, 3, 20));
        events.addAll(ledger.apply(now, new Restock("A", 20, "po-1")).events());
        events.addAll(ledger.apply(now, reserve(UUID.randomUUID(), "A", 19)).events());
        assertThat(events).containsExactly(new StockLow("A", 1, 3, 3, 20), new StockLow("A", 2, 2, 3, 20));
    }

    @Test
    void givenTwoSkusLowAndOneRecovered_whenOpenEpisodesAreListed_thenOnlyTheStillLowOnesAppearWithTheirEpisode() {
        for (String sku : List.of("B", "A", "C")) {
            run(new Restock(sku, 10, "r-" + sku));
            ledger.apply(now, new SetPolicy(sku, 5, 20));
        }
        List<StockLow> raised = new ArrayList<>();
        for (String sku : List.of("B", "A", "C")) {
            raised.addAll(ledger.apply(now, reserve(UUID.randomUUID(), sku, 6)).events());
        }
        raised.addAll(ledger.apply(now, new Restock("C", 30, "po-c")).events());
        raised.addAll(ledger.apply(now, reserve(UUID.randomUUID(), "B", 1)).events());

        assertThat(raised).extracting(StockLow::sku).containsExactly("B", "A", "C");
        assertThat(ledger.openLowEpisodes()).containsExactly(new StockLow("A", 1, 4, 5, 20), new StockLow("B", 1, 3, 5, 20));
    }

    @Test
    void givenAnOpenEpisode_whenTheLedgerIsRestoredFromASnapshot_thenTheEpisodeIsStillOpen() throws Exception {
        run(new Restock("A", 10, "r1"));
        ledger.apply(now, new SetPolicy("A", 3, 20));
        ledger.apply(now, reserve(UUID.randomUUID(), "A", 8));

        StockLedger restored = LedgerSnapshot.read(new java.io.ByteArrayInputStream(LedgerSnapshot.toBytes(ledger)));

        assertThat(restored.openLowEpisodes()).containsExactly(new StockLow("A", 1, 2, 3, 20));
    }

    @Test
    void givenACorruptedSku_whenInvariantsAreChecked_thenTheSkuAndNumbersAreNamed() {
        run(new Restock("A", 10, "r1"));
        ledger.skus.get("A").held = 11;
        assertThatThrownBy(ledger::checkInvariants).isInstanceOf(LedgerInvariantException.class)
                .hasMessageContaining("held <= on hand for sku A: 11 > 10");
    }

    @Test
    void givenHeldUnitsNotBackedByHolds_whenInvariantsAreChecked_thenTheMismatchIsNamed() {
        run(new Restock("A", 10, "r1"));
        run(reserve(UUID.randomUUID(), "A", 2));
        ledger.skus.get("A").held = 3;
        assertThatThrownBy(ledger::checkInvariants).isInstanceOf(LedgerInvariantException.class)
                .hasMessageContaining("held units of sku A = units of its live holds: 3 != 2");
    }

    @Test
    void givenAFinishedHold_whenItsRetentionPasses_thenItIsForgotten() {
        run(new Restock("A", 10, "r1"));
        UUID id = UUID.randomUUID();
        run(reserve(id, "A", 1));
        run(new Release(id));
        now += 60_000;
        run(new Expire());
        assertThat(ledger.holdStatus(id)).isEmpty();
    }

    @Test
    void givenAState_whenSnapshottedAndRestored_thenTheCopyAnswersLikeTheOriginal() {
        run(new Restock("A", 10, "r1"));
        ledger.apply(now, new SetPolicy("A", 2, 5));
        UUID held = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        run(reserve(held, "A", 3));
        run(reserve(committed, "A", 2));
        run(new Commit(committed));
        run(reserve(UUID.randomUUID(), "A", 50));
        byte[] bytes = LedgerSnapshot.toBytes(ledger);
        StockLedger copy = LedgerSnapshot.fromBytes(bytes);
        assertThat(LedgerSnapshot.toBytes(copy)).isEqualTo(bytes);
        now += 20_000;
        Outcome a = ledger.apply(now, new Release(committed));
        Outcome b = copy.apply(now, new Release(committed));
        assertThat(b).isEqualTo(a);
        assertThat(LedgerSnapshot.toBytes(copy)).isEqualTo(LedgerSnapshot.toBytes(ledger));
        assertThat(copy.available("A")).contains(10);
    }

    @Test
    void givenABatch_whenEncodedStampedAndDecoded_thenTheCommandsComeBackInOrder() {
        List<LedgerCommand> commands = List.of(reserve(UUID.randomUUID(), "A", 1), new Commit(UUID.randomUUID()),
                new Release(UUID.randomUUID()), new Expire(), new Restock("B", 3, "po"), new Adjust("B", 1, "count", "adj"),
                new SetPolicy("C", 1, 2));
        var entry = LedgerCodec.decodeEntry(LedgerCodec.stamp(42L, LedgerCodec.encodeCommands(commands)));
        assertThat(entry.stampMillis()).isEqualTo(42L);
        assertThat(entry.commands()).isEqualTo(commands);
        List<LedgerReply> replies = List.of(new LedgerReply.Held(UUID.randomUUID(), 7), LedgerReply.APPLIED, LedgerReply.NO_SUCH_HOLD,
                new LedgerReply.Short(List.of(new Shortage("A", 2, 1))), new LedgerReply.Rejected("no"));
        assertThat(LedgerCodec.decodeReplies(LedgerCodec.encodeReplies(replies))).isEqualTo(replies);
    }
}
