package dev.fivenines.inventory.raft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DivisionWatchdogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Set<String> closed = new HashSet<>();
    private final List<Set<String>> fired = new ArrayList<>();
    private final DivisionWatchdog watchdog = new DivisionWatchdog(() -> Set.copyOf(closed), now::get,
            Duration.ofSeconds(1), Duration.ofSeconds(5), fired::add);

    @Test
    void givenADivisionClosedForTheWholeGrace_whenChecked_thenItFiresOnceNamingTheGroup() {
        closed.add("inventory-2");
        assertThat(watchdog.check()).isEmpty();
        now.addAndGet(4_999);
        assertThat(watchdog.check()).as("still within the grace").isEmpty();
        now.addAndGet(1);

        assertThat(watchdog.check()).containsExactly("inventory-2");
        now.addAndGet(10_000);
        assertThat(watchdog.check()).as("fires once: the process is on its way out").isEmpty();
        assertThat(fired).containsExactly(Set.of("inventory-2"));
    }

    @Test
    void givenADivisionThatReopensWithinTheGrace_whenItClosesAgain_thenTheGraceStartsOver() {
        closed.add("inventory-1");
        watchdog.check();
        now.addAndGet(4_000);
        closed.clear();
        watchdog.check();
        closed.add("inventory-1");
        now.addAndGet(1_000);
        watchdog.check();
        now.addAndGet(4_999);

        assertThat(watchdog.check()).isEmpty();
        assertThat(fired).isEmpty();
        now.addAndGet(1);
        assertThat(watchdog.check()).containsExactly("inventory-1");
    }

    @Test
    void givenEveryDivisionOpen_whenCheckedForLong_thenItNeverFires() {
        for (int i = 0; i < 100; i++) {
            now.addAndGet(1_000);
            watchdog.check();
        }
        assertThat(fired).isEmpty();
    }
}
