package dev.fivenines.inventory.ledger;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The ledger is pure domain code: Raft, SQL and clocks stay in the adapters around it. */
class LedgerArchitectureTest {
    @Test
    void theLedgerImportsNoFrameworkAndReadsNoClock() {
        noClasses().that().resideInAPackage("dev.fivenines.inventory.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.ratis..", "java.sql..", "dev.fivenines.events..", "dev.fivenines.db..",
                        "dev.fivenines.inventory.raft..", "dev.fivenines.inventory.sql..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.fivenines.inventory"));
    }
}
