package dev.fivenines.node.cli;

import dev.fivenines.node.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user meets it: exit codes and messages, without starting a cluster. */
class CommandsTest {
    private int run(String... args) {
        return Main.run(args);
    }

    @Test
    void loadAndCheckHandTheirOwnOptionsToTheGenerator() {
        assertThat(run("load", "--help")).isZero();
        assertThat(run("load", "--duration", "soon")).as("a malformed duration is a usage error").isEqualTo(2);
        assertThat(run("check")).as("check without a history is a usage error").isEqualTo(2);
    }

    @Test
    void checkOfAHistoryThatDoesNotExistIsAUsageError(@TempDir Path dir) {
        assertThat(run("check", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
    }

    @Test
    void aTraceIdMustBe32HexDigits() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured));
        try {
            assertThat(run("trace", "not-a-trace")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("32 lower-case hex digits");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("fly")).isEqualTo(2);
    }
}
