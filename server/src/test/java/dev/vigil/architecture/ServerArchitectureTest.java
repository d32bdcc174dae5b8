package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Only the composition root ({@code dev.vigil.server} itself) touches a store module: everything
 * else works through the ports in core.
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
}
