package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Asks a child JVM for a thread dump: SIGQUIT makes it print every thread's stack to its stdout, its log. */
final class ThreadDump {
    private static final Logger LOG = Logger.getLogger(ThreadDump.class.getName());

    private ThreadDump() {
    }

    /** True when the log grew within {@code wait} (the JVM writes the dump from its own signal thread). */
    static boolean request(long pid, Path log, Duration wait) {
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            return false;
        }
        try {
            long before = Files.size(log);
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(2, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            long until = System.nanoTime() + wait.toNanos();
            while (Files.size(log) == before && System.nanoTime() < until) {
                Thread.sleep(50); // bounded poll of the log's size
            }
            return Files.size(log) > before;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not ask pid " + pid + " for a thread dump", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
