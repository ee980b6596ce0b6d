package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buyers racing for one SKU: each takes one unit with a fresh hold id and commits it, until the SKU
 * is short. A call that fails as unavailable (a leader change, a frozen peer) is retried, a bounded
 * number of times, with the same hold id.
 */
final class RacingBuyers implements AutoCloseable {
    static final int MAX_ATTEMPTS = 10;

    private final int count;
    private final ExecutorService pool;

    RacingBuyers(int count) {
        this.count = count;
        this.pool = Executors.newFixedThreadPool(count);
    }

    /**
     * Runs the sale; {@code afterEachHold} runs between a buyer's hold and its commit (the place to
     * inject a fault mid-sale). Returns the ids that were sold; fails if a buyer is still buying after {@code eachWithin}
     * (waited for buyer by buyer).
     */
    Set<UUID> buyUntilShort(InventoryClient client, String sku, Runnable afterEachHold, Duration eachWithin) throws Exception {
        Set<UUID> sold = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            done.add(pool.submit(() -> {
                while (true) {
                    UUID hold = UUID.randomUUID();
                    ReserveResult result = retrying(() -> client.reserve(hold, List.of(new StockLine(sku, 1)), Duration.ofMinutes(5)));
                    if (result instanceof ReserveResult.Short) {
                        return null;
                    }
                    afterEachHold.run();
                    assertThat(retrying(() -> client.commit(hold))).as("commit of %s", hold).isTrue();
                    assertThat(sold.add(hold)).isTrue();
                }
            }));
        }
        for (Future<?> future : done) {
            future.get(eachWithin.toMillis(), TimeUnit.MILLISECONDS);
        }
        return sold;
    }

    /** {@code call}, tried again while the ledger answers unavailable, at most {@value #MAX_ATTEMPTS} times. */
    static <T> T retrying(Supplier<T> call) {
        InventoryUnavailableException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return call.get();
            } catch (InventoryUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("buyers stopped").isTrue();
    }
}
