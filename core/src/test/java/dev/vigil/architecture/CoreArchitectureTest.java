package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Core depends on the JDK only (and JSpecify's annotations). */
@AnalyzeClasses(packages = "dev.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {
  @ArchTest
  static final ArchRule coreUsesOnlyTheJdk =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("java..", "javax.crypto..", "dev.vigil..", "org.jspecify..");

  @ArchTest
  static final ArchRule coreNeverReadsTheSystemClock =
      noClasses().should().callMethod(java.time.Instant.class, "now");
}
