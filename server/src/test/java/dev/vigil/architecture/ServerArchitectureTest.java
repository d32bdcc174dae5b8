package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Only the composition root ({@code dev.vigil.server} itself) touches a store module: everything
 * else works through the ports in core. No package depends on itself through others.
 */
@AnalyzeClasses(packages = "dev.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {
  @ArchTest
  static final ArchRule onlyTheCompositionRootTouchesAStore =
      noClasses()
          .that()
          .resideInAPackage("dev.vigil.server..")
          .and()
          .resideOutsideOfPackage("dev.vigil.server")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.vigil.store..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.vigil.(**)").should().beFreeOfCycles();
}
