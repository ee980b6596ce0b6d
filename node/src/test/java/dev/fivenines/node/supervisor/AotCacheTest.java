package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheTest {
    @TempDir
    Path dir;

    private String classpath() throws Exception {
        Path a = Files.writeString(dir.resolve("a.jar"), "a");
        Path b = Files.writeString(dir.resolve("b.jar"), "bb");
        return a + java.io.File.pathSeparator + b;
    }

    private AotCache on(int jdk, String classpath) {
        return new AotCache(dir.resolve("aot"), jdk, "25.0.3+9 /jdk", classpath);
    }

    @Test
    void givenAJdkBefore25_thenNoRoleGetsAnAotOptionAndNothingIsToBeAssembled() throws Exception {
        AotCache aot = on(21, classpath());

        assertThat(aot.options("shop", 1)).isEmpty();
        assertThat(aot.toCreate(List.of("shop"))).isEmpty();
        assertThat(dir.resolve("aot")).doesNotExist();
    }

    @Test
    void givenNoCache_thenInstanceOneRecordsItsConfigurationAndTheOthersRunWithout() throws Exception {
        AotCache aot = on(25, classpath());

        List<String> first = aot.options("inventory", 1);
        assertThat(first).contains("-XX:AOTMode=record", "-XX:AOTConfiguration=" + aot.configuration("inventory"));
        assertThat(AotCache.records(first)).isTrue();
        assertThat(aot.options("inventory", 2)).isEmpty();
        assertThat(AotCache.records(aot.options("inventory", 2))).isFalse();
    }

    @Test
    void givenARecordedConfiguration_thenItIsToBeAssembledAndNoInstanceRecordsAgainMeanwhile() throws Exception {
        AotCache aot = on(25, classpath());
        Files.createDirectories(dir.resolve("aot"));
        Files.writeString(aot.configuration("shop"), "recorded");

        assertThat(aot.toCreate(List.of("edge", "shop"))).containsExactly("shop");
        assertThat(aot.options("shop", 1)).isEmpty();
    }

    @Test
    void givenAnEmptyConfiguration_leftByAJvmKilledWhileWritingIt_thenInstanceOneRecordsAgain() throws Exception {
        AotCache aot = on(25, classpath());
        Files.createDirectories(dir.resolve("aot"));
        Files.writeString(aot.configuration("shop"), "");

        assertThat(aot.toCreate(List.of("shop"))).isEmpty();
        assertThat(AotCache.records(aot.options("shop", 1))).isTrue();
    }

    @Test
    void givenAnInstalledCache_thenEveryInstanceUsesIt() throws Exception {
        AotCache aot = on(25, classpath());
        Files.createDirectories(dir.resolve("aot"));
        Files.writeString(aot.configuration("shop"), "recorded");
        Files.writeString(aot.temporary("shop"), "assembled");

        aot.install("shop");

        assertThat(aot.temporary("shop")).doesNotExist();
        assertThat(aot.options("shop", 1)).contains("-XX:AOTCache=" + aot.cache("shop"));
        assertThat(aot.options("shop", 2)).contains("-XX:AOTCache=" + aot.cache("shop"));
        assertThat(aot.toCreate(List.of("shop"))).isEmpty();
    }

    @Test
    void givenAFailedAssembly_whenDiscarded_thenTheNextRunRecordsAnew() throws Exception {
        AotCache aot = on(25, classpath());
        Files.createDirectories(dir.resolve("aot"));
        Files.writeString(aot.configuration("edge"), "recorded");
        Files.writeString(aot.temporary("edge"), "half");

        aot.discard("edge");

        assertThat(aot.temporary("edge")).doesNotExist();
        assertThat(AotCache.records(aot.options("edge", 1))).isTrue();
    }

    @Test
    void givenARebuiltJar_thenTheCacheHasAnotherNameAndTheStaleFilesGoWhenTheRoleRecordsAgain() throws Exception {
        String classpath = classpath();
        AotCache before = on(25, classpath);
        Files.createDirectories(dir.resolve("aot"));
        Files.writeString(before.cache("shop"), "old cache");
        Files.writeString(before.cache("edge"), "another role's cache");

        Files.writeString(dir.resolve("b.jar"), "rebuilt");
        Files.setLastModifiedTime(dir.resolve("b.jar"), FileTime.fromMillis(1_000));
        AotCache after = on(25, classpath);

        assertThat(after.cache("shop")).isNotEqualTo(before.cache("shop"));
        assertThat(AotCache.records(after.options("shop", 1))).isTrue();
        assertThat(before.cache("shop")).doesNotExist();
        assertThat(before.cache("edge")).exists();
    }

    @Test
    void theCreateCommandAssemblesIntoTheTemporaryFileWithTheRolesHeapAndCollector() throws Exception {
        String classpath = classpath();
        AotCache aot = on(25, classpath);

        List<String> command = aot.createCommand("/jdk/bin/java", classpath, "shop", List.of("-Xmx256m", "-XX:+UseSerialGC"));

        assertThat(command).startsWith("/jdk/bin/java", "-Xmx256m", "-XX:+UseSerialGC");
        assertThat(command).contains("-XX:AOTMode=create", "-XX:AOTConfiguration=" + aot.configuration("shop"),
                "-XX:AOTCache=" + aot.temporary("shop"));
        assertThat(command).endsWith("-cp", classpath);
    }
}
