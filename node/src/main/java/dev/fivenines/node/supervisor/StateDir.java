package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local cluster's state directory: data of the embedded engines (kept across down/up), logs,
 * spans, the cluster state file and the admin token.
 */
public record StateDir(Path root) {
    public StateDir {
        root = root.toAbsolutePath().normalize();
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path postgresData() {
        return root.resolve("data/postgres");
    }

    public Path kafkaData() {
        return root.resolve("data/kafka");
    }

    public Path telemetry() {
        return root.resolve("telemetry");
    }

    /** The roles' ahead-of-time caches (AotCache): made by this JDK from this build, never kept in git. */
    public Path aot() {
        return root.resolve("aot");
    }

    public Path clusterFile() {
        return root.resolve("cluster.json");
    }

    /** The supervisor's change events, one JSON line each (docs/supervisor.md). */
    public Path eventsFile() {
        return root.resolve("events.jsonl");
    }

    public Path supervisorPidFile() {
        return root.resolve("supervisor.pid");
    }

    public Path adminTokenFile() {
        return root.resolve("admin-token");
    }

    public void create() throws IOException {
        Files.createDirectories(logs());
        Files.createDirectories(telemetry());
        Files.createDirectories(root.resolve("data"));
    }

    /**
     * The admin token: from FIVENINES_ADMIN_TOKEN if set, else one generated on first start and kept
     * in a file only its owner can read (never in the repository).
     */
    public String adminToken(String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        Path file = adminTokenFile();
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }
}
