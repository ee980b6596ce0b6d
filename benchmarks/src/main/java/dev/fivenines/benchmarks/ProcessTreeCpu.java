package dev.fivenines.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of processes from /proc, in milliseconds: a process with every descendant (so
 * PostgreSQL's backends count with their postmaster), and the children they already reaped.
 * Linux only; a process that is gone counts 0.
 */
final class ProcessTreeCpu {
    /** USER_HZ; 100 on every Linux this runs on. */
    private static final long MILLIS_PER_TICK = 10;

    private ProcessTreeCpu() {
    }

    /** CPU ms of {@code pid} alone (utime + stime), without children. */
    static long own(long pid) {
        long[] f = fields(pid);
        return f == null ? 0 : (f[0] + f[1]) * MILLIS_PER_TICK;
    }

    /** CPU ms of {@code pid} and all its descendants, living or reaped. */
    static long tree(long pid) {
        Map<Long, List<Long>> children = childrenByParent();
        long ticks = 0;
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.pop();
            if (!seen.add(p)) {
                continue;
            }
            long[] f = fields(p);
            if (f != null) {
                ticks += f[0] + f[1] + f[2] + f[3];
            }
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return ticks * MILLIS_PER_TICK;
    }

    private static Map<Long, List<Long>> childrenByParent() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat = read(dir.resolve("stat"));
                if (stat != null) {
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(after[1]), k -> new ArrayList<>())
                            .add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return children;
    }

    /** utime, stime, cutime, cstime in ticks; null when the process is gone. */
    private static long[] fields(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return null;
        }
        // Fields after "(comm) ": state is field 3, so utime (field 14) is index 11.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
