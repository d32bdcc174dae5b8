package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Core depends on the JDK only (plus JSpecify's annotations and BouncyCastle's Argon2id), takes its
 * time from an injected clock, and has no package cycles.
 */
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
              // the JDK's supported management API (module jdk.management): the machine's load
              "com.sun.management",
              "dev.vigil..",
              "org.jspecify..",
              "org.bouncycastle.crypto..");

  @ArchTest
  static final ArchRule coreNeverReadsTheSystemClock =
      noClasses()
          .should()
          .callMethod(java.time.Instant.class, "now")
          .orShould()
          .callMethod(java.time.Clock.class, "systemUTC")
          .orShould()
          .callMethod(java.time.Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(System.class, "currentTimeMillis");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.vigil.(**)").should().beFreeOfCycles();
}
