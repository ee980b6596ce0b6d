package dev.fivenines.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Work a cluster did, counted from what it leaves behind: log lines and exported spans (lines of
 * the state directory's files) and PostgreSQL's transactions, row changes and, where
 * {@code pg_stat_statements} is loaded, statements. Read before and after a run; the difference is
 * the run's (the reading's own few statements included).
 */
final class Counters {
    static final Counters NONE = new Counters(Map::of);

    private final Supplier<Map<String, Long>> reader;

    private Counters(Supplier<Map<String, Long>> reader) {
        this.reader = reader;
    }

    Map<String, Long> read() {
        return reader.get();
    }

    static Counters of(Path state, JsonNode cluster) {
        String jdbcUrl = null;
        for (JsonNode i : cluster.path("instances")) {
            if (i.path("role").asText().equals("postgres")) {
                jdbcUrl = "jdbc:postgresql://127.0.0.1:" + i.path("port").asInt() + "/fivenines";
            }
        }
        String bootstrap = null;
        for (JsonNode i : cluster.path("instances")) {
            if (i.path("role").asText().equals("kafka")) {
                bootstrap = "127.0.0.1:" + i.path("port").asInt();
            }
        }
        String url = jdbcUrl;
        String kafka = bootstrap;
        return new Counters(() -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("log lines", lines(state.resolve("logs"), ".log"));
            counts.put("spans exported", lines(state.resolve("telemetry"), ".jsonl"));
            if (url != null) {
                counts.putAll(postgres(url));
            }
            if (kafka != null) {
                counts.put("Kafka records", kafkaRecords(kafka));
            }
            return counts;
        });
    }

    /** Lines of every file in {@code dir} whose name ends with {@code suffix} (GC logs excluded). */
    private static long lines(Path dir, String suffix) {
        long lines = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().endsWith("-gc.log")).toList()) {
                lines += newlines(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot count lines in " + dir + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static long newlines(Path file) throws IOException {
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** The sum of every partition's end offset: records produced so far (transaction markers included). */
    private static long kafkaRecords(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            var topics = admin.describeTopics(admin.listTopics().names().get(10, TimeUnit.SECONDS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()),
                    OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read Kafka's end offsets at " + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading Kafka's end offsets", e);
        }
    }

    private static Map<String, Long> postgres(String url) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted"
                    + " FROM pg_stat_database WHERE datname = current_database()")) {
                r.next();
                List<String> names = List.of("SQL transactions committed", "SQL transactions rolled back",
                        "SQL rows inserted", "SQL rows updated", "SQL rows deleted");
                for (int i = 0; i < names.size(); i++) {
                    counts.put(names.get(i), r.getLong(i + 1));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements")) {
                r.next();
                counts.put("SQL statements", r.getLong(1));
            } catch (SQLException e) {
                // pg_stat_statements not loaded (shared_preload_libraries): the statement count is left out.
                counts.remove("SQL statements");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's statistics at " + url + ": " + e.getMessage(), e);
        }
        return counts;
    }
}
