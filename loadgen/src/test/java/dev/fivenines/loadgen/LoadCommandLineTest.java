package dev.fivenines.loadgen;

import dev.fivenines.loadgen.check.CheckMain;
import dev.fivenines.loadgen.engine.Ticker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The load and check command lines: every usage error exits 2 naming the option, before any traffic. */
class LoadCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int load(String... args) {
        out.reset();
        err.reset();
        return new LoadMain(Clock.systemUTC(), Ticker.system(), () -> false, Path.of("."))
                .execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int check(String... args) {
        out.reset();
        err.reset();
        return CheckMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String firstErrorLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    void givenHelp_thenEveryOptionIsListedWithItsDefaultAndNothingRuns() {
        assertThat(load("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--scenario", "--target", "--duration", "--rate", "--seed", "--out", "--sessions",
                "--checkouts", "--sequential", "--max-in-flight", "--timeout", "--drain", "--sku", "--stock", "--run-id",
                "--quiet", "--allow-remote"}) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).contains("(default steady)").contains("(default http://127.0.0.1:8080)").contains("(default 1)")
                .contains("(default loadgen-out)");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

        assertThat(check("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: check [OPTIONS] HISTORY").contains("(default 60s)")
                .contains("(default 5s)").contains("--final-states");
    }

    @Test
    void givenMalformedCommandLines_thenLoadExitsWithTwoNamingTheOptionAndPrintsTheUsage() {
        assertThat(load("--frobnicate")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("load: Unknown option: '--frobnicate'");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: load");

        assertThat(load("--rate")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--rate").contains("Missing required parameter");

        assertThat(load("--seed", "1", "--seed", "2")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--seed").contains("only once");

        assertThat(load("--quiet=yes")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--quiet").contains("without 'yes' parameter");

        assertThat(load("steady")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("'steady'");

        assertThat(load("--sku", "--stock", "5")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--sku");
    }

    @Test
    void givenValuesOutOfRange_thenTheMessageNamesTheOptionAndItsRange() {
        assertThat(load("--seed=abc")).isEqualTo(2);
        assertThat(firstErrorLine())
                .isEqualTo("load: --seed must be a whole number in [-9223372036854775808, 9223372036854775807], was 'abc'");
        assertThat(load("--checkouts", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("load: --checkouts must be in [1, 10000000], was 0");
        assertThat(load("--max-in-flight=lots")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("load: --max-in-flight must be a whole number in [1, ");
        assertThat(load("--rate", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("load: --rate must be in [0.001, ");
        assertThat(load("--drain", "later")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--drain must be a duration");
        // A negative number is a value, not an option: the run fails on the next option, not on --seed.
        assertThat(load("--seed", "-5", "--checkouts", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("load: --checkouts must be in [1, 10000000], was 0");
    }

    @Test
    void givenMalformedCommandLines_thenCheckExitsWithTwo() {
        assertThat(check("run", "--frobnicate")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("check: Unknown option: '--frobnicate'");
        assertThat(check("a", "b")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("check: give exactly one history file or run directory, got 2");
        assertThat(check("run", "--settle")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--settle");
        // An argument starting with @ is a path, not a file of arguments.
        assertThat(check("@missing.jsonl")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("check: no such file: @missing.jsonl");
    }
}
