package dev.fivenines.systemtests;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher script's own verbs (test, build) answer --help, and help lists them: no cluster needed. */
class LauncherIT {
    private final Cluster launcher = new Cluster(Files.createTempDirectory("fivenines-launcher"));

    LauncherIT() throws Exception {
    }

    @Test
    void testAndBuildAnswerHelpWithALineEachInsteadOfRunningMaven() throws Exception {
        for (String verb : List.of("test", "build")) {
            Cluster.Result help = launcher.cli(Duration.ofMinutes(1), verb, "--help");
            assertThat(help.exitCode()).as(help.output()).isZero();
            assertThat(help.output()).as(verb).contains("Usage: fivenines " + verb).doesNotContain("[INFO]");
        }
    }

    @Test
    void helpListsEveryVerbTheLauncherRunsToo() throws Exception {
        Cluster.Result help = launcher.cli(Duration.ofMinutes(1), "help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        for (String verb : List.of("up", "down", "status", "trace", "load", "check", "test", "build", "help")) {
            assertThat(help.output()).containsPattern("(?m)^  " + verb + " ");
        }
    }
}
