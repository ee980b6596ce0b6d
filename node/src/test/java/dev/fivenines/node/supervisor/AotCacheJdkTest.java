package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The options AotCache gives are ones this JDK takes: record, create and use, on a small program. */
class AotCacheJdkTest {
    @TempDir
    Path dir;

    @Test
    void givenJdk25_whenAProgramRecordsThenItsCacheIsCreated_thenTheNextRunUsesTheCache() throws Exception {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_FEATURE, "the AOT cache needs JDK 25");
        String jar = programJar().toString();
        String java = ProcessHandle.current().info().command().orElse("java");
        AotCache aot = new AotCache(dir.resolve("aot"), Runtime.version().feature(), "test", jar);
        List<String> heap = RoleProcesses.cacheOptions(64, JitMode.options(Map.of()));

        List<String> record = aot.options("hello", 1);
        assertThat(AotCache.records(record)).isTrue();
        assertThat(run(concat(List.of(java), heap, record, List.of("-cp", jar, "Hello")))).contains("hello");
        assertThat(aot.toCreate(List.of("hello"))).containsExactly("hello");

        run(aot.createCommand(java, jar, "hello", heap));
        aot.install("hello");

        List<String> use = aot.options("hello", 2);
        assertThat(use).contains("-XX:AOTCache=" + aot.cache("hello"));
        // A cache the JVM cannot use is skipped with a message, not an error: count the classes it loaded from it.
        String run = run(concat(List.of(java), heap, use, List.of("-Xlog:class+load=info:stdout", "-cp", jar, "Hello")));
        assertThat(run).contains("hello");
        assertThat(run).contains("Hello source: shared objects file");
        assertThat(run).doesNotContain("Mismatched");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private String run(List<String> command) throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }

    private Path programJar() throws Exception {
        Path src = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()))
                .isZero();
        Path jar = dir.resolve("hello.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
        return jar;
    }
}
