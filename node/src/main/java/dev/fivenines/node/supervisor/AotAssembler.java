package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Assembles the AOT caches whose configurations the last run recorded ({@link AotCache}, step
 * "create"), on one background thread, one role at a time, at niceness 19: the running cluster keeps
 * the CPU, and the next {@code up} finds the caches. Stopped with the supervisor: a create cut short
 * leaves only its temporary file, deleted.
 */
final class AotAssembler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AotAssembler.class.getName());
    private static final int NICENESS = 19;

    private final AotCache aot;
    private final List<String> roles;
    private final Function<String, List<String>> command;
    private final Path log;
    private volatile boolean stopping;
    private volatile ChildProcess current;
    private Thread thread;

    /** {@code command} gives the create command of a role ({@link AotCache#createCommand}). */
    AotAssembler(AotCache aot, List<String> roles, Function<String, List<String>> command, Path log) {
        this.aot = aot;
        this.roles = List.copyOf(roles);
        this.command = command;
        this.log = log;
    }

    /** Starts assembling, if anything is to be assembled. */
    AotAssembler start() {
        if (!roles.isEmpty()) {
            thread = Thread.ofPlatform().daemon().name("aot-assembler").start(this::run);
        }
        return this;
    }

    private void run() {
        for (String role : roles) {
            if (stopping) {
                return;
            }
            try {
                assemble(role);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "AOT cache of " + role + " not made; its next run records again", e);
                aot.discard(role);
            } catch (InterruptedException e) {
                aot.discard(role);
                return;
            }
        }
    }

    private void assemble(String role) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        ChildProcess child = ChildProcess.start("aot-" + role, ChildProcess.niced(NICENESS, command.apply(role)),
                java.util.Map.of(), log);
        current = child;
        try {
            if (!child.waitFor(AotCache.CREATE_TIMEOUT) || stopping) {
                child.stop(Duration.ofSeconds(5));
                aot.discard(role);
                if (!stopping) {
                    LOG.warning("AOT cache of " + role + " not made within " + AotCache.CREATE_TIMEOUT + "; its next run records again");
                }
                return;
            }
        } finally {
            current = null;
        }
        if (child.exitCode() != 0) {
            LOG.warning("AOT cache of " + role + " not made (exit code " + child.exitCode() + ", see " + log
                    + "); its next run records again");
            aot.discard(role);
            return;
        }
        aot.install(role);
        LOG.info("AOT cache of " + role + " made in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                + " ms: " + aot.cache(role) + "; its JVMs use it from their next start");
    }

    @Override
    public void close() {
        stopping = true;
        ChildProcess child = current;
        if (child != null) {
            child.stop(Duration.ofSeconds(5));
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
