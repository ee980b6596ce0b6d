package dev.fivenines.node.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The supervisor's loop over every {@link Supervised} process: each {@link #tick()} notices exits,
 * starts the restarts that are due (on their own threads, so a slow engine start holds up nobody)
 * and asks every running process whether it is ready, all probes at once within {@link #PROBE_DEADLINE}.
 * The caller decides how often to tick.
 */
public final class RestartLoop implements AutoCloseable {
    /** A tick waits this long at most for the readiness probes; each probe has its own, shorter, timeout. */
    static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(RestartLoop.class.getName());

    private final List<Supervised> processes = new CopyOnWriteArrayList<>();
    private final ExecutorService launches = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("supervisor-launch-", 0).factory());
    private final ExecutorService probes = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("supervisor-probe-", 0).factory());

    public void add(Supervised process) {
        processes.add(process);
    }

    /** In the order they were added. */
    public List<Supervised> processes() {
        return List.copyOf(processes);
    }

    public Supervised get(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no supervised process " + name));
    }

    public void tick() throws InterruptedException {
        List<Supervised> now = List.copyOf(processes);
        for (Supervised process : now) {
            process.check(launches);
        }
        List<Future<?>> asked = new ArrayList<>();
        for (Supervised process : now) {
            asked.add(probes.submit(process::probe));
        }
        long deadline = System.nanoTime() + PROBE_DEADLINE.toNanos();
        for (int i = 0; i < asked.size(); i++) {
            Future<?> probe = asked.get(i);
            try {
                probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                probe.cancel(true);
                LOG.warning("readiness probe of " + now.get(i).name() + " overran " + PROBE_DEADLINE
                        + "; its state stays as it was until the next tick");
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "readiness probe of " + now.get(i).name() + " failed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        launches.shutdownNow();
        probes.shutdownNow();
    }
}
