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
 * CPU time of every process, read from /proc in one pass, in milliseconds: a process alone, or with
 * every descendant (so PostgreSQL's backends count with their postmaster) and the children they
 * already reaped. Linux only; a process that is gone counts 0.
 */
final class ProcessTreeCpu {
    /** USER_HZ; 100 on every Linux this runs on. */
    private static final long MILLIS_PER_TICK = 10;

    /** utime + stime, and cutime + cstime, in ticks. */
    private record Ticks(long own, long reaped) {
    }

    private final Map<Long, Ticks> ticks;
    private final Map<Long, List<Long>> children;

    private ProcessTreeCpu(Map<Long, Ticks> ticks, Map<Long, List<Long>> children) {
        this.ticks = ticks;
        this.children = children;
    }

    /** Every process's figures, now. */
    static ProcessTreeCpu read() {
        Map<Long, Ticks> ticks = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                long pid = Long.parseLong(dir.getFileName().toString());
                // Fields after "(comm) ": state is field 3, so ppid (4) is index 1 and utime (14) index 11.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, new Ticks(Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])));
                children.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return new ProcessTreeCpu(ticks, children);
    }

    /** CPU ms of {@code pid} alone, without children. */
    long own(long pid) {
        Ticks t = ticks.get(pid);
        return t == null ? 0 : t.own() * MILLIS_PER_TICK;
    }

    /** CPU ms of {@code pid} and all its descendants, living or reaped. */
    long tree(long pid) {
        long sum = 0;
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.pop();
            if (seen.add(p)) {
                Ticks t = ticks.get(p);
                if (t != null) {
                    sum += t.own() + t.reaped();
                }
                todo.addAll(children.getOrDefault(p, List.of()));
            }
        }
        return sum * MILLIS_PER_TICK;
    }

    /**
     * CPU ms of {@code pid}'s JIT compiler threads (HotSpot names them "C1 CompilerThreadN" and
     * "C2 CompilerThreadN"); 0 for a process that is not a HotSpot JVM or is gone.
     */
    static long jit(long pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException threadGone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0; // gone
        }
        return sum * MILLIS_PER_TICK;
    }
}
