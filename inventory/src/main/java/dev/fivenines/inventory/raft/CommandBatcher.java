package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ledger.LedgerCodec;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.LedgerReply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coalesces concurrent commands into one Raft entry, by time and by size: an entry closes when it holds
 * {@code maxBatch} commands or when its first command has waited {@code linger}, whichever comes first,
 * so how many commands share an entry (and an fsync on each replica) does not depend on how many
 * callers happen to be waiting. At most {@code maxInFlight} entries travel at once; while they do, the
 * next entry keeps filling up to {@code maxBatch}, so under load entries are large and at low load a
 * command waits at most {@code linger} plus its entry's round trip. Every command still gets its own
 * reply, matched by position. The queue is bounded: when full, a command fails at once with
 * {@link InventoryUnavailableException}.
 */
final class CommandBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CommandBatcher.class.getName());

    /** {@code queuedAtNanos}: the linger counts from when the entry's first command was queued. */
    private record Pending(LedgerCommand command, CompletableFuture<LedgerReply> reply, long queuedAtNanos) {
    }

    private final Function<byte[], CompletableFuture<byte[]>> sender;
    private final int maxBatch;
    private final long lingerNanos;
    private final Semaphore inFlight;
    private final BlockingQueue<Pending> queue;
    private final Thread flusher;
    private final java.util.concurrent.atomic.LongAdder entriesSent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder commandsSent = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;

    CommandBatcher(String name, Function<byte[], CompletableFuture<byte[]>> sender, int maxBatch, Duration linger,
                   int maxInFlight, int maxQueued) {
        this.sender = sender;
        this.maxBatch = Check.inRange("maxBatch", maxBatch, 1, LedgerCodec.MAX_BATCH);
        this.lingerNanos = Check.inRange("linger micros", linger.toNanos() / 1000, 0, 1_000_000) * 1000;
        this.inFlight = new Semaphore(Check.inRange("maxInFlight", maxInFlight, 1, 64));
        this.queue = new ArrayBlockingQueue<>(Check.inRange("maxQueued", maxQueued, 1, 1_000_000));
        this.flusher = Thread.ofPlatform().name("inventory-batcher-" + name).daemon().start(this::run);
    }

    CompletableFuture<LedgerReply> submit(LedgerCommand command) {
        var pending = new Pending(command, new CompletableFuture<>(), System.nanoTime());
        if (closed) {
            pending.reply().completeExceptionally(new InventoryUnavailableException("inventory client is closed", null, false));
        } else if (!queue.offer(pending)) {
            pending.reply().completeExceptionally(new InventoryUnavailableException(
                    "inventory client queue is full (" + queue.size() + " commands waiting)", null, false));
        }
        return pending.reply();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                // Blocks until there is work (close() interrupts): an idle shop's batchers do not wake.
                batch.add(queue.take());
                collect(batch);
                // The entry is closed by time or size; if every slot is taken, commands that arrive
                // meanwhile still join it (up to maxBatch) rather than wait for the next one.
                inFlight.acquire();
                queue.drainTo(batch, maxBatch - batch.size());
                send(List.copyOf(batch));
            } catch (InterruptedException e) {
                fail(batch, new IllegalStateException("inventory client closed"));
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "inventory batcher failed a batch; its commands were failed", e);
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        failQueued();
    }

    private void collect(List<Pending> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        if (lingerNanos == 0) {
            return;
        }
        long deadline = batch.getFirst().queuedAtNanos() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Pending next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /** Raft entries this batcher has sent so far (attempts; a retried entry counts again). */
    long entriesSent() {
        return entriesSent.sum();
    }

    /** Commands in those entries. */
    long commandsSent() {
        return commandsSent.sum();
    }

    private void send(List<Pending> batch) {
        entriesSent.increment();
        commandsSent.add(batch.size());
        CompletableFuture<byte[]> reply;
        try {
            reply = sender.apply(LedgerCodec.encodeCommands(batch.stream().map(Pending::command).toList()));
        } catch (RuntimeException e) {
            inFlight.release();
            fail(batch, e);
            return;
        }
        reply.whenComplete((bytes, error) -> {
            inFlight.release();
            if (error != null) {
                fail(batch, error);
                return;
            }
            List<LedgerReply> replies;
            try {
                replies = LedgerCodec.decodeReplies(bytes);
                Check.state(replies.size() == batch.size(), "a batch of %s commands got %s replies", batch.size(), replies.size());
            } catch (RuntimeException e) {
                fail(batch, e);
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).reply().complete(replies.get(i));
            }
        });
    }

    private static void fail(List<Pending> batch, Throwable error) {
        var unavailable = new InventoryUnavailableException("ledger batch of " + batch.size() + " commands failed: " + error, error);
        batch.forEach(p -> p.reply().completeExceptionally(unavailable));
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new IllegalStateException("inventory client closed"));
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        try {
            flusher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
