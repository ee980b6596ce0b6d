package dev.fivenines.systemtests;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module table of docs/architecture.md is the map, and this test holds the code to it arrow by
 * arrow: every module of the root pom has a row; each module's pom declares exactly the modules its
 * "may use" column names (main scope); its classes use no other module's packages; and every arrow
 * of the table is used by some class (a declared, unused arrow is a wrong map). It lives here, in
 * the last module of the reactor, because it reads every module's compiled classes.
 */
class ModuleDependenciesTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z-]+)`\\s*\\|([^|]*)\\|");
    private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");
    private static final Path ROOT = findRoot();
    private static final Map<String, Set<String>> TABLE = readTable(ROOT.resolve("docs/architecture.md"));
    private static final List<String> MODULES = readModules(ROOT.resolve("pom.xml"));
    private static final Map<String, JavaClasses> CLASSES = new LinkedHashMap<>();
    private static final Map<String, List<Dependency>> OUTGOING = new LinkedHashMap<>();

    @Test
    void everyModuleOfTheBuildHasExactlyOneRowAndEveryRowIsAModule() {
        assertThat(TABLE.keySet()).as("rows of the module table in docs/architecture.md")
                .containsExactlyInAnyOrderElementsOf(MODULES);
        TABLE.forEach((module, uses) -> assertThat(MODULES).as("modules that %s may use", module)
                .containsAll(uses));
    }

    @TestFactory
    Stream<DynamicTest> eachPomDeclaresExactlyTheArrowsOfItsRow() {
        return MODULES.stream().map(module -> DynamicTest.dynamicTest(module + "'s pom declares its row", () ->
                assertThat(declaredModules(module)).as("main-scope fivenines dependencies of %s/pom.xml", module)
                        .containsExactlyInAnyOrderElementsOf(TABLE.getOrDefault(module, Set.of()))));
    }

    @TestFactory
    Stream<DynamicTest> eachModuleUsesOnlyWhatItsRowAllows() {
        return modulesWithCode().stream().map(module -> DynamicTest.dynamicTest(module + " uses only its row", () -> {
            Set<String> allowed = new TreeSet<>(TABLE.get(module));
            allowed.add(module);
            Map<String, List<String>> offending = new TreeMap<>();
            for (Dependency d : outgoing(module)) {
                String target = moduleOf(d.getTargetClass());
                if (target != null && !allowed.contains(target)) {
                    offending.computeIfAbsent(target, t -> new ArrayList<>()).add(d.getDescription());
                }
            }
            assertThat(offending).as("%s may use only %s (docs/architecture.md); uses outside its row", module,
                    TABLE.get(module)).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyArrowOfTheTableIsUsed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String module : modulesWithCode()) {
            for (String target : TABLE.get(module)) {
                if (!hasCode(target)) continue; // an assembly module (kafka-broker) is used at run time, not by imports
                tests.add(DynamicTest.dynamicTest(module + " -> " + target, () ->
                        assertThat(outgoing(module).stream().map(d -> moduleOf(d.getTargetClass()))
                                        .filter(Objects::nonNull).collect(Collectors.<String, Set<String>>toCollection(TreeSet::new)))
                                .as("some class of %s uses %s (else drop the arrow from the table and the pom)", module, target)
                                .contains(target)));
            }
        }
        return tests.stream();
    }

    @Test
    void domainModulesImportNoKafkaOrHelidon() {
        noClasses().that().resideInAnyPackage("dev.fivenines.base..", "dev.fivenines.traffic..", "dev.fivenines.inventory..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "org.apache.kafka..")
                .check(classesOf("base", "traffic", "inventory"));
    }

    @Test
    void theLoadGeneratorTalksHttpOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..")
                .because("the load generator sees the shop as a client does, through HTTP")
                .check(classesOf("loadgen"));
    }

    // --- reading the map and the build ---

    static synchronized JavaClasses classesOf(String... modules) {
        List<Path> dirs = new ArrayList<>();
        for (String m : modules) {
            Path dir = ROOT.resolve(m).resolve("target/classes");
            assertThat(dir).as("compiled classes of %s (run the reactor: ./mvnw verify)", m).isDirectory();
            dirs.add(dir);
        }
        return CLASSES.computeIfAbsent(String.join(",", modules), k -> new ClassFileImporter().importPaths(dirs));
    }

    private static synchronized List<Dependency> outgoing(String module) {
        return OUTGOING.computeIfAbsent(module, m -> {
            List<Dependency> all = new ArrayList<>();
            for (JavaClass c : classesOf(m)) all.addAll(c.getDirectDependenciesFromSelf());
            return all;
        });
    }

    static List<String> modulesWithCode() {
        return MODULES.stream().filter(ModuleDependenciesTest::hasCode).toList();
    }

    private static boolean hasCode(String module) {
        return Files.isDirectory(ROOT.resolve(module).resolve("src/main/java"));
    }

    /** The module a class belongs to, by its package root ({@code dev.fivenines.<module without dashes>}). */
    private static String moduleOf(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith("dev.fivenines.")) return null;
        String head = p.substring("dev.fivenines.".length()).split("\\.")[0];
        for (String m : MODULES) if (m.replace("-", "").equals(head)) return m;
        return "unknown module for package " + p;
    }

    private static Set<String> declaredModules(String module) throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve(module).resolve("pom.xml").toFile()).getDocumentElement();
        Set<String> declared = new TreeSet<>();
        NodeList deps = pom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (d.getParentNode().getParentNode() != pom) continue; // not dependencyManagement or plugins
            if (!"dev.fivenines".equals(text(d, "groupId"))) continue;
            if ("test".equals(text(d, "scope"))) continue;
            declared.add(text(d, "artifactId"));
        }
        return declared;
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static List<String> readModules(Path rootPom) {
        try {
            NodeList l = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(rootPom.toFile())
                    .getElementsByTagName("module");
            List<String> modules = new ArrayList<>();
            for (int i = 0; i < l.getLength(); i++) modules.add(l.item(i).getTextContent().trim());
            return modules;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + rootPom, e);
        }
    }

    /** The "## Modules" table: | `module` | may use (`a`, `b` or —) | holds |. */
    static Map<String, Set<String>> readTable(Path architecture) {
        List<String> lines;
        try {
            lines = Files.readAllLines(architecture);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + architecture, e);
        }
        Map<String, Set<String>> table = new LinkedHashMap<>();
        boolean inModules = false;
        for (String line : lines) {
            if (line.startsWith("## ")) inModules = line.equals("## Modules");
            if (!inModules) continue;
            Matcher row = ROW.matcher(line);
            if (!row.find()) continue;
            Set<String> uses = new TreeSet<>();
            Matcher name = NAME.matcher(row.group(2));
            while (name.find()) uses.add(name.group(1));
            if (table.put(row.group(1), uses) != null) throw new IllegalStateException("two rows for " + row.group(1));
        }
        if (table.isEmpty()) throw new IllegalStateException("no module table under '## Modules' in " + architecture);
        return table;
    }

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/architecture.md"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no docs/architecture.md above " + Path.of("").toAbsolutePath());
        return p;
    }
}
