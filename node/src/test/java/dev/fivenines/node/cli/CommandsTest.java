package dev.fivenines.node.cli;

import dev.fivenines.node.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user meets it: exit codes and messages, without starting a cluster. */
class CommandsTest {
    /** Every verb a user sees in the list; the internal ones (supervise, role) are hidden. */
    private static final List<String> VERBS = List.of("up", "down", "status", "trace", "load", "check", "slo", "test", "build", "help");

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the CLI as {@code ./fivenines args} does, with stdout and stderr captured. */
    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
        Map<String, CommandLine> commands = new CommandLine(new Commands()).getSubcommands();
        assertThat(commands.keySet()).containsAll(VERBS).contains("supervise", "role");
        for (String name : commands.keySet()) {
            Run help = run(name, "--help");
            assertThat(help.exitCode()).as("%s --help: %s", name, help).isZero();
            assertThat(help.out().toLowerCase()).as("%s --help", name).contains("usage").contains(name);
            assertThat(help.err()).as("%s --help", name).isEmpty();
        }
    }

    @Test
    void helpAndHelpOptionAndNoCommandListEveryVerbTestAndBuildIncluded() {
        for (String[] args : List.of(new String[]{"help"}, new String[]{"--help"}, new String[0])) {
            Run list = run(args);
            assertThat(list.exitCode()).as(String.join(" ", args)).isZero();
            for (String verb : VERBS) {
                assertThat(list.out()).as("'%s' lists %s", String.join(" ", args), verb).containsPattern("(?m)^  " + verb + " ");
            }
            assertThat(list.out()).as("internal commands stay hidden").doesNotContain("supervise").doesNotContainPattern("(?m)^  role ");
        }
    }

    @Test
    void helpOfOneCommandPrintsThatCommandsUsage() {
        Run help = run("help", "status");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: fivenines status", "Exit codes:", "DEGRADED");
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatSaysSoAndWhereTheListIs() {
        Run unknown = run("fly");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'fly'", "./fivenines help");

        Run typo = run("stauts");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown command 'stauts'", "status");
    }

    @Test
    void anUnknownOptionNamesTheCommandAndItsHelp() {
        Run bogus = run("up", "--bogus");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.err()).contains("fivenines up", "--bogus", "./fivenines up --help");
    }

    @Test
    void testAndBuildReachingJavaSayTheLauncherRunsThem() {
        for (String verb : List.of("test", "build")) {
            Run direct = run(verb);
            assertThat(direct.exitCode()).as(verb).isEqualTo(2);
            assertThat(direct.err()).as(verb).contains("run ./fivenines " + verb);
        }
        assertThat(run("test", "-pl", "node", "-Dtest=X").exitCode()).as("Maven's arguments are no usage error").isEqualTo(2);
    }

    @Test
    void loadAndCheckHandTheirOwnOptionsToTheGenerator() {
        assertThat(run("load", "--help").exitCode()).isZero();
        assertThat(run("load", "--duration", "soon").exitCode()).as("a malformed duration is a usage error").isEqualTo(2);
        assertThat(run("check").exitCode()).as("check without a history is a usage error").isEqualTo(2);
    }

    @Test
    void checkOfAHistoryThatDoesNotExistIsAUsageError(@TempDir Path dir) {
        assertThat(run("check", dir.resolve("missing.jsonl").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aTraceIdMustBe32HexDigits() {
        Run trace = run("trace", "not-a-trace");
        assertThat(trace.exitCode()).isEqualTo(2);
        assertThat(trace.err()).contains("32 lower-case hex digits");
    }

    @Test
    void sloCheckValidatesTheShippedFilesAndNamesTheLineOfABadOne(@TempDir Path dir) throws Exception {
        Run shipped = run("slo", "check", "--dir", "../config/slo");
        assertThat(shipped.exitCode()).as(shipped.err()).isZero();
        assertThat(shipped.out()).contains("checkout-availability: 0.9995").contains("5 SLOs valid");

        String good = java.nio.file.Files.readString(Path.of("../config/slo/order-status.yaml"));
        java.nio.file.Files.writeString(dir.resolve("order-status.yaml"), good.replace("target: 0.999", "target: 99.9"));
        Run bad = run("slo", "check", "--dir", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).containsPattern("order-status.yaml:\\d+: spec.objectives\\[0\\].target must be in \\(0, 1\\)");
        assertThat(run("slo", "rules", "--dir", dir.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void sloRulesWritesSlothShapedRulesForEveryObjective(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rules.yaml");
        Run rules = run("slo", "rules", "--dir", "../config/slo", "--out", out.toString());
        assertThat(rules.exitCode()).as(rules.err()).isZero();
        assertThat(java.nio.file.Files.readString(out)).startsWith("# Generated by ./fivenines slo rules")
                .contains("- alert: CheckoutAvailabilityPage").contains("- alert: OrderStatusTicket")
                .contains("record: slo:sli_error:ratio_rate28d");
    }
}
