package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GcLogOptionTest {
    @TempDir
    Path dir;

    @Test
    void givenTheOptionARoleIsStartedWith_whenAJvmCollects_thenItsCollectionsAndTheirCpuTimesAreInTheFile_evenUnderAPathWithSpaceAndColon()
            throws Exception {
        Path logs = Files.createDirectories(dir.resolve("state: one/logs"));
        Path file = logs.resolve("shop-1-gc.log");
        Path program = Files.writeString(dir.resolve("Collect.java"),
                "class Collect { public static void main(String[] args) { System.gc(); } }");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", RoleProcesses.gcLog(file),
                program.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        assertThat(file).exists();
        String log = Files.readString(file);
        assertThat(log).contains("Using Serial").contains("Pause Full (System.gc())");
        assertThat(log).containsPattern("GC\\(\\d+\\) User=\\d+\\.\\d+s Sys=\\d+\\.\\d+s Real=\\d+\\.\\d+s");
    }
}
