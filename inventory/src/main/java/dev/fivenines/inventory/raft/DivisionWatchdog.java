package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import dev.fivenines.base.PeriodicLoop;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a Raft group division that closed inside a live inventory process into an exit, so the
 * supervisor restarts the process and the replica recovers from its log. A division closed for
 * {@code grace} (checked every {@code interval}) fires {@code onClosed} once with the groups; one
 * that comes back within the grace is forgotten. Without this, the process stays alive, serves its
 * other groups, and the closed group runs one replica short until someone notices.
 */
public final class DivisionWatchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DivisionWatchdog.class.getName());

    private final Supplier<Set<String>> closedGroups;
    private final LongSupplier clockMillis;
    private final long graceMillis;
    private final Consumer<Set<String>> onClosed;
    private final Map<String, Long> closedSince = new HashMap<>();
    private final PeriodicLoop loop;
    private boolean fired;

    public DivisionWatchdog(Supplier<Set<String>> closedGroups, LongSupplier clockMillis, Duration interval, Duration grace,
                            Consumer<Set<String>> onClosed) {
        Check.argument(!grace.isNegative(), "grace must not be negative, was %s", grace);
        this.closedGroups = closedGroups;
        this.clockMillis = clockMillis;
        this.graceMillis = grace.toMillis();
        this.onClosed = onClosed;
        this.loop = new PeriodicLoop("raft-division-watchdog", interval, Duration.ofSeconds(2), this::check,
                "a closed division goes unnoticed until the next check");
    }

    /** Watches {@code peer}'s divisions every second; one closed for 5 s fires {@code onClosed}. */
    public static DivisionWatchdog start(InventoryPeer peer, LongSupplier clockMillis, Consumer<Set<String>> onClosed) {
        DivisionWatchdog watchdog = new DivisionWatchdog(peer::closedGroups, clockMillis, Duration.ofSeconds(1),
                Duration.ofSeconds(5), onClosed);
        watchdog.loop.start();
        return watchdog;
    }

    /** One check; returns the groups it fired for (empty if it did not fire this time). */
    synchronized Set<String> check() {
        long now = clockMillis.getAsLong();
        Set<String> closed = closedGroups.get();
        closedSince.keySet().retainAll(closed);
        Set<String> overdue = new TreeSet<>();
        for (String group : closed) {
            long since = closedSince.computeIfAbsent(group, g -> now);
            if (now - since >= graceMillis) {
                overdue.add(group);
            }
        }
        if (overdue.isEmpty() || fired) {
            return Set.of();
        }
        fired = true;
        LOG.log(Level.SEVERE, "Raft division(s) " + overdue + " closed in this live process for " + graceMillis
                + " ms; the process exits so that it is restarted and recovers them from its log");
        onClosed.accept(Set.copyOf(overdue));
        return overdue;
    }

    @Override
    public void close() {
        loop.close();
    }
}
