package dev.fivenines.commerce.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.fivenines.commerce.checkout.archfixture.BoundedReadInCheckout;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3: checkout decides on strong reads and commands only. A bounded read may be up to its bound
 * stale, which is fine for a badge and wrong for "can this order be placed"; so the buy path
 * (checkout, cart, order, payment) never names a bounded consistency or the badge that uses one.
 */
class StrongReadsOnTheBuyPathArchitectureTest {
    private static final String[] BUY_PATH = {"dev.fivenines.commerce.checkout..", "dev.fivenines.commerce.cart..",
            "dev.fivenines.commerce.order..", "dev.fivenines.commerce.payment.."};

    static final ArchRule BUY_PATH_NEVER_READS_BOUNDED = noClasses()
            .that().resideInAnyPackage(BUY_PATH)
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.fivenines.inventory.ReadConsistency$Bounded")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.fivenines.inventory.BoundedReadPolicy")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.fivenines.commerce.catalog.StockBadge")
            .orShould().callMethod("dev.fivenines.inventory.ReadConsistency", "bounded", "java.time.Duration")
            .because("checkout decides on strong (linearizable) reads only; bounded reads are for badges (issue 3)");

    @Test
    void givenTheShop_whenImported_thenTheBuyPathNeverReadsWithBoundedStaleness() {
        JavaClasses shop = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fivenines.commerce");
        BUY_PATH_NEVER_READS_BOUNDED.check(shop);
    }

    @Test
    void givenACheckoutClassThatReadsBounded_whenTheRuleRuns_thenItIsReported() {
        JavaClasses violating = new ClassFileImporter().importClasses(BoundedReadInCheckout.class);

        EvaluationResult result = BUY_PATH_NEVER_READS_BOUNDED.evaluate(violating);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(BoundedReadInCheckout.class.getName()) && line.contains("bounded"));
    }
}
