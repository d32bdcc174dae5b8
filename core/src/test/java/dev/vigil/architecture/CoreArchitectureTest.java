package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Core depends on the JDK only (plus JSpecify's annotations and BouncyCastle's Argon2id). */
@AnalyzeClasses(packages = "dev.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {
  @ArchTest
  static final ArchRule coreUsesOnlyTheJdk =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "java..",
              "javax.crypto..",
              "dev.vigil..",
              "org.jspecify..",
              "org.bouncycastle.crypto..");

  @ArchTest
  static final ArchRule coreNeverReadsTheSystemClock =
      noClasses().should().callMethod(java.time.Instant.class, "now");
}
