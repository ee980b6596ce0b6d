package dev.fivenines.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module map of DESIGN.md, kept true: each module uses only what its row allows. */
class ModuleDependenciesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fivenines");

    @Test
    void baseDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.fivenines.base..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fivenines.web..", "dev.fivenines.events..",
                        "dev.fivenines.inventory..", "dev.fivenines.traffic..", "dev.fivenines.telemetry..",
                        "dev.fivenines.commerce..", "dev.fivenines.loadgen..", "dev.fivenines.node..")
                .because("base is the bottom of the module map")
                .check(CLASSES);
    }

    @Test
    void eventsAndInventoryKnowNothingOfTheShopOrTheNode() {
        noClasses().that().resideInAnyPackage("dev.fivenines.events..", "dev.fivenines.inventory..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fivenines.commerce..", "dev.fivenines.node..",
                        "dev.fivenines.web..", "dev.fivenines.telemetry..")
                .check(CLASSES);
    }

    @Test
    void theServicesDoNotReachIntoTheExecutable() {
        noClasses().that().resideInAnyPackage("dev.fivenines.commerce..", "dev.fivenines.web..",
                        "dev.fivenines.telemetry..", "dev.fivenines.traffic..", "dev.fivenines.loadgen..")
                .should().dependOnClassesThat().resideInAPackage("dev.fivenines.node..")
                .check(CLASSES);
    }

    @Test
    void domainModulesImportNoKafkaOrHelidonOutsideTheirAdapters() {
        noClasses().that().resideInAnyPackage("dev.fivenines.base..", "dev.fivenines.traffic..", "dev.fivenines.inventory..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void theLoadGeneratorTalksHttpOnly() {
        noClasses().that().resideInAPackage("dev.fivenines.loadgen..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fivenines.commerce..", "dev.fivenines.events..",
                        "dev.fivenines.inventory..", "java.sql..")
                .check(CLASSES);
    }
}
