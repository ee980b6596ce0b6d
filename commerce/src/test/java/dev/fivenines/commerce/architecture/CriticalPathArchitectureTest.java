package dev.fivenines.commerce.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.fivenines.commerce.checkout.archfixture.SyncRecommendationsInCheckout;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: a CRITICAL_PLUS / CRITICAL handler must never call a SHEDDABLE service synchronously
 * without a deadline and a fallback. In the shop that means: checkout, cart and order (CRITICAL_PLUS
 * and CRITICAL) do not touch recommendations at all, and the only way from the catalog (SHEDDABLE_PLUS
 * pages) to recommendations is {@code catalog.ProductRecommendations}, which bounds the call with a
 * deadline and falls back to top sellers. The composition root ({@code shop}) and the recommendations
 * module itself are the only other classes that may name the raw source.
 */
class CriticalPathArchitectureTest {
    private static final String[] CRITICAL = {
            "dev.fivenines.commerce.checkout..", "dev.fivenines.commerce.cart..", "dev.fivenines.commerce.order.."};
    private static final String RECOMMENDATION = "dev.fivenines.commerce.recommendation..";
    private static final String RAW_SOURCE = "dev.fivenines.commerce.catalog.RecommendationSource";
    private static final String GUARDED = "dev.fivenines.commerce.catalog.ProductRecommendations";

    private static final JavaClasses SHOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fivenines.commerce");

    /** Critical packages may not depend on recommendations, nor on either catalog entry to it. */
    static final ArchRule CRITICAL_NEVER_REACHES_RECOMMENDATIONS = noClasses()
            .that().resideInAnyPackage(CRITICAL)
            .should().dependOnClassesThat().resideInAPackage(RECOMMENDATION)
            .orShould().dependOnClassesThat().haveFullyQualifiedName(RAW_SOURCE)
            .orShould().dependOnClassesThat().haveFullyQualifiedName(GUARDED)
            .because("checkout, cart and order are CRITICAL_PLUS/CRITICAL and recommendations are SHEDDABLE (issue 5)");

    /** Outside the guard, the wiring and the recommendations module, nobody calls the raw source. */
    static final ArchRule ONLY_THE_GUARD_CALLS_THE_RAW_SOURCE = noClasses()
            .that().resideOutsideOfPackages(RECOMMENDATION, "dev.fivenines.commerce.shop..")
            .and().doNotHaveFullyQualifiedName(GUARDED)
            .and().doNotHaveFullyQualifiedName(RAW_SOURCE)
            .should().dependOnClassesThat().haveFullyQualifiedName(RAW_SOURCE)
            .because("recommendations are SHEDDABLE: reach them only through ProductRecommendations (deadline + top-seller fallback)");

    /** The catalog reaches recommendations only through the interface it owns, never the HTTP client. */
    static final ArchRule CATALOG_DOES_NOT_IMPORT_RECOMMENDATIONS = noClasses()
            .that().resideInAPackage("dev.fivenines.commerce.catalog..")
            .should().dependOnClassesThat().resideInAPackage(RECOMMENDATION)
            .because("the catalog's only path to recommendations is ProductRecommendations over RecommendationSource");

    @Test
    void givenTheShop_whenImported_thenCheckoutCartAndOrderNeverDependOnRecommendations() {
        CRITICAL_NEVER_REACHES_RECOMMENDATIONS.check(SHOP);
    }

    @Test
    void givenTheShop_whenImported_thenOnlyProductRecommendationsCallsTheRecommendationSource() {
        ONLY_THE_GUARD_CALLS_THE_RAW_SOURCE.check(SHOP);
        CATALOG_DOES_NOT_IMPORT_RECOMMENDATIONS.check(SHOP);
    }

    @Test
    void givenACheckoutClassThatCallsRecommendationsDirectly_whenTheRulesRun_thenBothViolationsAreReported() {
        JavaClasses violating = new ClassFileImporter().importClasses(SyncRecommendationsInCheckout.class);

        EvaluationResult critical = CRITICAL_NEVER_REACHES_RECOMMENDATIONS.evaluate(violating);
        EvaluationResult raw = ONLY_THE_GUARD_CALLS_THE_RAW_SOURCE.evaluate(violating);

        assertThat(critical.hasViolation()).isTrue();
        assertThat(critical.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(SyncRecommendationsInCheckout.class.getName()) && line.contains(RAW_SOURCE));
        assertThat(critical.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("dev.fivenines.commerce.recommendation.RecommendationsHttpClient"));
        assertThat(raw.hasViolation()).isTrue();
    }
}
