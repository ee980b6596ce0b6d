package dev.fivenines.inventory.raft;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts {@link InventoryPeerMain} as a child JVM on a given class path and waits until it is ready.
 * Its output goes to {@code <dir>.log}. {@link #kill()} is SIGKILL (no shutdown hook runs), the crash
 * the failover tests and benchmarks need; {@link #close()} kills too, so nothing outlives its owner.
 */
public final class InventoryPeerProcess implements AutoCloseable {
    private final Process process;
    private final String id;

    private InventoryPeerProcess(Process process, String id) {
        this.process = process;
        this.id = id;
    }

    public static InventoryPeerProcess start(String classPath, InventoryGroup group, String id, Path dir,
                                             List<String> jvmOptions, Duration readyTimeout) {
        return start(classPath, group, id, dir, jvmOptions, List.of(), readyTimeout);
    }

    /** As above, with extra {@link InventoryPeerMain} options such as {@code --election-min-ms 400}. */
    public static InventoryPeerProcess start(String classPath, InventoryGroup group, String id, Path dir,
                                             List<String> jvmOptions, List<String> peerOptions, Duration readyTimeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, InventoryPeerMain.class.getName(),
                "--group", group.name(), "--peers", group.peersSpec(), "--id", id, "--dir", dir.toString()));
        if (group.preferredLeader() != null) {
            command.addAll(List.of("--preferred-leader", group.preferredLeader()));
        }
        command.addAll(peerOptions);
        Process process;
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        try {
            Files.createDirectories(dir.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start inventory peer " + id, e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().name("inventory-peer-output-" + id).daemon().start(() -> copyOutput(process, log, id, ready));
        InventoryPeerProcess peer = new InventoryPeerProcess(process, id);
        try {
            ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            peer.kill();
            throw new IllegalStateException("inventory peer " + id + " was not ready within " + readyTimeout + "; see " + log, e);
        } catch (InterruptedException e) {
            peer.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting inventory peer " + id, e);
        }
        return peer;
    }

    private static void copyOutput(Process process, Path log, String id, CompletableFuture<Void> ready) {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (line.equals("READY " + id)) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("peer " + id + " exited with output in " + log));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    public String id() {
        return id;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process freezes (a long GC pause or a hung host, as its peers see it). */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + name + " to inventory peer " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling inventory peer " + id, e);
        }
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("inventory peer " + id + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            // A stopped process ignores nothing but SIGKILL; SIGKILL works either way.
            kill();
        }
    }
}
