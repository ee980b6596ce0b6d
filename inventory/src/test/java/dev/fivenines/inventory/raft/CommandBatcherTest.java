package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ledger.LedgerCodec;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batcher closes an entry by size or by linger time, never holds more than {@code maxInFlight}
 * entries on the wire, lets commands that arrive while every slot is taken join the next entry, and
 * answers each command from its own position in the entry's reply.
 */
class CommandBatcherTest {
    /** A Raft stand-in that holds every entry until the test answers it. */
    private static final class HeldSender {
        final List<List<LedgerCommand>> entries = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<byte[]>> replies = new CopyOnWriteArrayList<>();

        CompletableFuture<byte[]> send(byte[] entry) {
            entries.add(LedgerCodec.decodeCommands(entry));
            var reply = new CompletableFuture<byte[]>();
            replies.add(reply);
            return reply;
        }

        /** Answers entry {@code i} with Done(true) for every command but restocks of 13 units, which get Done(false). */
        void answer(int i) {
            List<LedgerReply> answers = new ArrayList<>();
            for (LedgerCommand command : entries.get(i)) {
                answers.add(new LedgerReply.Done(!(command instanceof LedgerCommand.Restock r && r.units() == 13)));
            }
            replies.get(i).complete(LedgerCodec.encodeReplies(answers));
        }
    }

    private static LedgerCommand restock(int units) {
        return new LedgerCommand.Restock("sku-" + units, units, "receipt-" + units);
    }

    @Test
    void given_one_slot_when_ten_commands_queue_behind_an_entry_in_flight_then_they_travel_in_entries_of_at_most_max_batch() {
        var sender = new HeldSender();
        try (var batcher = new CommandBatcher("test", sender::send, 4, Duration.ZERO, 1, 100)) {
            var first = batcher.submit(restock(1));
            await().until(() -> sender.entries.size() == 1);
            List<CompletableFuture<LedgerReply>> queued = new ArrayList<>();
            for (int i = 2; i <= 11; i++) {
                queued.add(batcher.submit(restock(i)));
            }
            assertThat(sender.entries).hasSize(1);

            sender.answer(0);
            await().until(() -> sender.entries.size() == 2);
            assertThat(sender.entries.get(1)).hasSize(4);
            sender.answer(1);
            await().until(() -> sender.entries.size() == 3);
            sender.answer(2);
            await().until(() -> sender.entries.size() == 4);
            sender.answer(3);

            assertThat(first.join()).isEqualTo(new LedgerReply.Done(true));
            assertThat(queued).allSatisfy(reply -> assertThat(reply.join()).isEqualTo(new LedgerReply.Done(true)));
            assertThat(sender.entries).extracting(List::size).containsExactly(1, 4, 4, 2);
            assertThat(batcher.entriesSent()).isEqualTo(4);
            assertThat(batcher.commandsSent()).isEqualTo(11);
        }
    }

    @Test
    void given_a_linger_when_commands_trickle_in_then_they_share_one_entry_and_each_gets_its_own_reply() {
        var sender = new HeldSender();
        // A linger far longer than the test's submissions take: all three land in the first entry.
        try (var batcher = new CommandBatcher("test", sender::send, 512, Duration.ofMillis(500), 4, 100)) {
            var one = batcher.submit(restock(1));
            var unlucky = batcher.submit(restock(13));
            var two = batcher.submit(restock(2));

            await().until(() -> sender.entries.size() == 1);
            sender.answer(0);

            assertThat(sender.entries.getFirst()).containsExactly(restock(1), restock(13), restock(2));
            assertThat(one.join()).isEqualTo(new LedgerReply.Done(true));
            assertThat(unlucky.join()).isEqualTo(new LedgerReply.Done(false));
            assertThat(two.join()).isEqualTo(new LedgerReply.Done(true));
        }
    }

    @Test
    void given_a_full_batch_when_the_linger_has_not_passed_then_the_entry_goes_at_once() {
        var sender = new HeldSender();
        // The linger is far longer than Awaitility's default wait: only the size bound can close the entry in time.
        try (var batcher = new CommandBatcher("test", sender::send, 3, Duration.ofSeconds(1), 4, 100)) {
            for (int i = 1; i <= 3; i++) {
                batcher.submit(restock(i));
            }
            await().atMost(Duration.ofMillis(900)).until(() -> sender.entries.size() == 1);
            assertThat(sender.entries.getFirst()).hasSize(3);
        }
    }

    @Test
    void given_slots_free_when_a_lone_command_waits_then_the_linger_sends_it() {
        var sender = new HeldSender();
        try (var batcher = new CommandBatcher("test", sender::send, 512, Duration.ofMillis(20), 4, 100)) {
            var reply = batcher.submit(restock(7));
            await().until(() -> sender.entries.size() == 1);
            sender.answer(0);
            assertThat(reply.join()).isEqualTo(new LedgerReply.Done(true));
            assertThat(Collections.unmodifiableList(sender.entries.getFirst())).containsExactly(restock(7));
        }
    }
}
