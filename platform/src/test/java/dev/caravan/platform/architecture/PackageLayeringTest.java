package dev.caravan.platform.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's layering, as docs/architecture.md draws it: the wiring ({@code server},
 * {@code cli}) on top; the admin endpoints ({@code admin}) and the request stages
 * ({@code pipeline}) below it; the engines in their domains ({@code routing}, {@code policy},
 * {@code storage}, {@code guard} …) and the exchange core ({@code exchange}) under those; the
 * configuration model ({@code config}) at the bottom. No package depends on one that depends back on it.
 */
class PackageLayeringTest {

    private static final String ROOT = "dev.caravan.platform";
    private static JavaClasses platform;

    @BeforeAll
    static void importPlatform() {
        platform = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(platform);
    }

    @Test
    void onlyTheWiringKnowsTheWiring() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".server..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".server..", ROOT + ".cli..")
                .check(platform);
    }

    @Test
    void adminEndpointsAreUsedOnlyByTheConsoleAndTheWiring() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".admin..", ROOT + ".console..", ROOT + ".server..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".admin..")
                .check(platform);
    }

    @Test
    void stagesAreUsedOnlyByTheOperatorSurfacesAndTheWiring() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".pipeline..", ROOT + ".admin..", ROOT + ".console..", ROOT + ".server..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".pipeline..")
                .check(platform);
    }

    @Test
    void theConsoleIsUsedOnlyByTheWiring() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".console..", ROOT + ".server..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".console..")
                .check(platform);
    }

    @Test
    void theExchangeCoreKnowsNoStageEndpointOrEngineThatUsesIt() {
        noClasses().that().resideInAPackage(ROOT + ".exchange..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".pipeline..", ROOT + ".admin..", ROOT + ".server..",
                        ROOT + ".cli..", ROOT + ".guard..", ROOT + ".ratelimit..", ROOT + ".routing..", ROOT + ".budget..",
                        ROOT + ".upstream..", ROOT + ".stage..", ROOT + ".evidence..", ROOT + ".metrics..", ROOT + ".audit..")
                .check(platform);
    }

    @Test
    void theConfigurationModelDependsOnNoOtherPlatformPackage() {
        noClasses().that().resideInAPackage(ROOT + ".config..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".config..")))
                .check(platform);
    }

    @Test
    void storageDependsOnlyOnConfigurationAndHealth() {
        noClasses().that().resideInAPackage(ROOT + ".storage..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".exchange..", ROOT + ".pipeline..", ROOT + ".admin..",
                        ROOT + ".server..", ROOT + ".routing..", ROOT + ".pricing..", ROOT + ".budget..", ROOT + ".logging..",
                        ROOT + ".policy..", ROOT + ".guard..", ROOT + ".ratelimit..", ROOT + ".upstream..", ROOT + ".evidence..")
                .check(platform);
    }
}
