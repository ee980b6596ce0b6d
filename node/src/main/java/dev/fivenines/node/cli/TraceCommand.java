package dev.fivenines.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.supervisor.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code fivenines trace <trace-id>}: one trace's spans from every process, as an indented tree. */
@Command(name = "trace", mixinStandardHelpOptions = true, description = "Print one trace's spans from every process of the local cluster.")
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "32 hex digit trace id (from a traceparent header or a log line)")
    String traceId;
    @Option(names = "--config", description = "Topology file (default config/local.yaml, or FIVENINES_CONFIG).")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!traceId.matches("[0-9a-f]{32}")) {
            System.err.println("fivenines: a trace id is 32 lower-case hex digits, was '" + traceId + "'");
            return 2;
        }
        ClusterConfig cfg = Commands.config(Commands.configFile(config));
        List<JsonNode> spans = spans(Commands.state(cfg), traceId);
        if (spans.isEmpty()) {
            System.err.println("no spans of trace " + traceId + " (spans are flushed every half second)");
            return 1;
        }
        Map<String, List<JsonNode>> children = new HashMap<>();
        List<JsonNode> roots = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        spans.forEach(s -> ids.add(s.path("spanId").asText()));
        for (JsonNode span : spans) {
            String parent = span.path("parentSpanId").asText(null);
            if (parent == null || parent.isEmpty() || !ids.contains(parent)) {
                roots.add(span);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span);
            }
        }
        long origin = spans.stream().mapToLong(s -> s.path("startEpochNanos").asLong()).min().orElse(0);
        roots.forEach(r -> print(r, children, 0, origin));
        return 0;
    }

    public static List<JsonNode> spans(StateDir state, String traceId) throws IOException {
        List<JsonNode> spans = new ArrayList<>();
        if (!Files.isDirectory(state.telemetry())) {
            return spans;
        }
        try (Stream<Path> files = Files.list(state.telemetry())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("spans-")).toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.contains(traceId)) {
                            JsonNode span = Json.mapper().readTree(line);
                            if (traceId.equals(span.path("traceId").asText())) {
                                spans.add(span);
                            }
                        }
                    }
                }
            }
        }
        spans.sort(Comparator.comparingLong(s -> s.path("startEpochNanos").asLong()));
        return spans;
    }

    private static void print(JsonNode span, Map<String, List<JsonNode>> children, int depth, long origin) {
        long start = span.path("startEpochNanos").asLong();
        long durationMicros = (span.path("endEpochNanos").asLong() - start) / 1_000;
        System.out.printf("%s%-40s %-22s +%6.1f ms  %8.2f ms  %s%n", "  ".repeat(depth), span.path("name").asText(),
                span.path("instance").asText(), (start - origin) / 1e6, durationMicros / 1e3, span.path("status").asText());
        children.getOrDefault(span.path("spanId").asText(), List.of())
                .forEach(c -> print(c, children, depth + 1, origin));
    }
}
