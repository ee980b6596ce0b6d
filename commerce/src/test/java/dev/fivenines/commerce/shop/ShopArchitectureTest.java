package dev.fivenines.commerce.shop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Glue at the edge: HTTP only in the shared http package, the shop's wiring and each capability's
 * {@code *Api} handler; the state machines and rules import no I/O at all.
 */
class ShopArchitectureTest {
    private static final JavaClasses SHOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fivenines.commerce.catalog", "dev.fivenines.commerce.cart", "dev.fivenines.commerce.checkout",
                    "dev.fivenines.commerce.order", "dev.fivenines.commerce.payment", "dev.fivenines.commerce.idempotency",
                    "dev.fivenines.commerce.http", "dev.fivenines.commerce.shop");

    @Test
    void givenTheShopPackages_whenImported_thenOnlyHttpShopAndTheApiHandlersUseHelidon() {
        noClasses().that().resideOutsideOfPackages("dev.fivenines.commerce.http..", "dev.fivenines.commerce.shop..")
                .and().haveNameNotMatching(".*\\.[A-Za-z]+Api(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.helidon..")
                .check(SHOP);
    }

    @Test
    void givenTheDomainRules_whenImported_thenTheyUseNoJdbcHttpOrWallClock() {
        noClasses().that().haveSimpleNameEndingWith("Status").or().haveSimpleNameEndingWith("Rules")
                .or().haveSimpleName("Cart").or().haveSimpleName("CartLine").or().haveSimpleName("Order")
                .or().haveSimpleName("RequestFingerprint")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "io.helidon..", "javax.sql..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(SHOP);
    }
}
