package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThreadDumpTest {
    @Test
    void givenAChildJvmStuckAtStartUp_whenADumpIsRequested_thenItsLogNamesWhereEachThreadIs(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("stuck.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path source = dir.resolve("Stuck.java");
        Files.writeString(source, "class Stuck { public static void main(String[] a) throws Exception {"
                + " System.out.println(\"started\"); System.out.flush(); Thread.sleep(120_000); } }");
        ChildProcess child = ChildProcess.start("stuck", List.of(java.toString(), source.toString()), Map.of(), log);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("started"));

            assertThat(ThreadDump.request(child.pid(), log, Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("Stuck.main"));
            assertThat(Files.readString(log)).contains("\"main\"").contains("java.lang.Thread.sleep");
            assertThat(child.isAlive()).as("a thread dump does not stop the JVM").isTrue();
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void givenNoSuchProcess_thenNothingIsAsked(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("gone.log"), "");

        assertThat(ThreadDump.request(Long.MAX_VALUE, log, Duration.ofMillis(100))).isFalse();
    }
}
