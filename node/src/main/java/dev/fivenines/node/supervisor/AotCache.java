package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * The JDK's ahead-of-time cache for the role JVMs (JEP 483/514/515, JDK 25 and later): classes
 * already loaded and linked, and method profiles, from an earlier run of the same role, so a JVM
 * start spends less CPU, which is what `up` waits for when nine JVMs start on two cores
 * (decision 027).
 *
 * <p>Three steps, each in its own run, so that neither {@code up} nor {@code down} waits for one:
 * <ol>
 * <li><b>record</b>: with no cache and no configuration, instance 1 of the role runs with
 *     {@code -XX:AOTMode=record}; the JVM writes which classes it loaded when it exits (at
 *     {@code down}).
 * <li><b>create</b>: once the cluster is READY, the supervisor assembles the cache of every role
 *     that has a configuration but no cache ({@link #createCommand}), one at a time at the lowest CPU
 *     priority, into a temporary file renamed into place when complete.
 * <li><b>use</b>: every instance of a role with a cache runs with {@code -XX:AOTCache}.
 * </ol>
 * Everything lives in {@code <stateDir>/aot/}, named by a digest of the JDK build and the classpath
 * (each jar's path, size and modification time): a rebuild or another JDK starts over, and the old
 * files are deleted. On a JDK older than 25 the roles run without any of this. A cache the JVM cannot
 * use is ignored by the JVM with a warning ({@code -XX:AOTMode=auto}, the default): never a failed start.
 */
final class AotCache {
    private static final Logger LOG = Logger.getLogger(AotCache.class.getName());
    /** The first JDK whose AOT cache also holds method profiles (JEP 515) and takes -XX:AOTCacheOutput. */
    static final int MIN_FEATURE = 25;
    /** The JVM's notes about classes it cannot cache are for JDK developers, not for a role's log. */
    private static final String QUIET = "-Xlog:aot*=error,cds*=error";

    /**
     * SIGTERM to exit for a recording JVM: writing the configuration (50-80 MB) took 22 s for one
     * role alone on this 2-core box at load 30, and five recording at once missed 40 s. The
     * supervisor's whole stop (roles, then Kafka, then PostgreSQL) must stay within the 120 s
     * {@code down} waits for it.
     */
    static final Duration RECORDING_STOP_GRACE = Duration.ofSeconds(60);
    private static final String RECORD = "-XX:AOTMode=record";

    private final Path directory;
    private final int jdkFeature;
    private final String key;

    AotCache(Path directory, int jdkFeature, String jdkBuild, String classpath) {
        this.directory = directory;
        this.jdkFeature = jdkFeature;
        this.key = digest(jdkBuild + "\n" + describe(classpath));
    }

    /** For the JDK this supervisor runs on, which is the one it starts the roles with. */
    static AotCache forThisJdk(Path directory, String classpath) {
        return new AotCache(directory, Runtime.version().feature(), System.getProperty("java.vm.version", "")
                + " " + System.getProperty("java.home", ""), classpath);
    }

    /** The cache file of {@code role} for this JDK and classpath. */
    Path cache(String role) {
        return directory.resolve(role + "-" + key + ".aot");
    }

    /** Which classes a recording run of {@code role} loaded: the input of {@link #createCommand}. */
    Path configuration(String role) {
        return directory.resolve(role + "-" + key + ".aotconf");
    }

    /**
     * The JVM options for {@code instance} of {@code role}: use the cache when it is there; record
     * when neither it nor a configuration is and this is instance 1; nothing otherwise (also on a JDK
     * before 25, and while a configuration waits to be assembled).
     */
    List<String> options(String role, int instance) {
        if (jdkFeature < MIN_FEATURE) {
            return List.of();
        }
        if (Files.isRegularFile(cache(role))) {
            return List.of("-XX:AOTCache=" + cache(role), QUIET);
        }
        if (instance != 1 || hasConfiguration(role)) {
            return List.of();
        }
        try {
            Files.createDirectories(directory);
            deleteStale(role);
        } catch (IOException e) {
            LOG.warning("no AOT cache for " + role + ": cannot prepare " + directory + ": " + e.getMessage());
            return List.of();
        }
        return List.of(RECORD, "-XX:AOTConfiguration=" + configuration(role), QUIET);
    }

    /** Whether {@code options} (from {@link #options}) make the JVM record a configuration when it exits. */
    static boolean records(List<String> options) {
        return options.contains(RECORD);
    }

    /** The roles, of {@code roles}, whose recorded configuration has no cache yet. */
    List<String> toCreate(List<String> roles) {
        if (jdkFeature < MIN_FEATURE) {
            return List.of();
        }
        return roles.stream().filter(r -> hasConfiguration(r) && !Files.isRegularFile(cache(r))).toList();
    }

    /** A configuration the JVM finished writing (an interrupted exit leaves an empty file). */
    private boolean hasConfiguration(String role) {
        try {
            return Files.isRegularFile(configuration(role)) && Files.size(configuration(role)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The command that assembles {@code role}'s cache into {@link #temporary}; {@code jvmOptions}
     * are the role's own heap and collector options, which the cache must match.
     */
    List<String> createCommand(String javaExecutable, String classpath, String role, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaExecutable));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration(role),
                "-XX:AOTCache=" + temporary(role), QUIET, "-cp", classpath));
        return command;
    }

    Path temporary(String role) {
        return directory.resolve(role + "-" + key + ".aot.tmp");
    }

    /** After a successful create: the cache appears whole or not at all. */
    void install(String role) throws IOException {
        Files.move(temporary(role), cache(role), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A failed create: its configuration would fail again, so the next run records anew. */
    void discard(String role) {
        try {
            Files.deleteIfExists(temporary(role));
            Files.deleteIfExists(configuration(role));
        } catch (IOException e) {
            LOG.warning("could not delete the AOT files of " + role + " in " + directory + ": " + e.getMessage());
        }
    }

    /** Files of {@code role} made for another JDK or classpath: they can never be used again. */
    private void deleteStale(String role) throws IOException {
        String prefix = role + "-" + key + ".";
        try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, role + "-*.aot*")) {
            for (Path p : old) {
                if (!p.getFileName().toString().startsWith(prefix)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Each classpath entry with its size and modification time: a rebuilt jar changes the key. */
    static String describe(String classpath) {
        StringBuilder out = new StringBuilder();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            out.append(entry);
            try {
                out.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException | RuntimeException e) {
                out.append(" ?"); // a missing entry: the JVM will say what is wrong with it
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** How long one create may run before it is abandoned (it took a few seconds of CPU per role). */
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(3);
}
