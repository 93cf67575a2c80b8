package dev.seqwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine (EQL, planning, events, rules, sequence matching) is plain Java, so it can be read,
 * tested and benchmarked without a container, and Spring stays at the edges.
 */
@AnalyzeClasses(packages = "dev.seqwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule engineHasNoSpring = noClasses()
      .that().resideInAnyPackage("dev.seqwatch.eql..", "dev.seqwatch.plan..", "dev.seqwatch.event..",
          "dev.seqwatch.rule..", "dev.seqwatch.sequence..")
      .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule parserKnowsNothingOfLaterStages = noClasses()
      .that().resideInAPackage("dev.seqwatch.eql..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.seqwatch.plan..", "dev.seqwatch.sequence..",
          "dev.seqwatch.rule..", "dev.seqwatch.event..");

  @ArchTest
  static final ArchRule matcherDoesNotReachIntoTheWebOrStorage = noClasses()
      .that().resideInAPackage("dev.seqwatch.sequence..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.seqwatch.config..", "dev.seqwatch.ingest..",
          "dev.seqwatch.alert..");
}
