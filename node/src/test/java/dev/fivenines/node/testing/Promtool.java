package dev.fivenines.node.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Prometheus' own linter, {@code promtool check metrics}, run on an exposition. */
public final class Promtool {
    private Promtool() {
    }

    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Every problem promtool reports (one per line); empty when the exposition is clean. Fails the test when promtool is missing. */
    public static List<String> problems(String exposition) throws IOException, InterruptedException {
        Path promtool = find().orElseGet(() -> fail("promtool is not on the PATH; install it with `apt-get install -y prometheus` "
                + "(.ci/run installs it on CI)"));
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool check metrics did not finish within 60 s");
        }
        List<String> problems = output.lines().filter(l -> !l.isBlank()).toList();
        if (process.exitValue() != 0 && problems.isEmpty()) {
            fail("promtool check metrics exited " + process.exitValue() + " without saying why");
        }
        return problems;
    }
}
