package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.config.SeqwatchProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class FrameworkCompilationTest {

  /** The default list: the one every Spring context of the test JVM adds, and so the JVM holds. */
  private static final List<String> DEFAULT = properties(Map.of()).jit().c1OnlyPackages();
  private static final List<String> KEPT = properties(Map.of()).jit().c2KeptPackages();

  @Test
  void theDirectiveMatchesEveryClassOfEachPackageAndItsSubpackagesAndExcludesC2Only() {
    assertThat(FrameworkCompilation.directives(List.of("org.h2", "org.apache.tomcat"), List.of()))
        .isEqualTo("[{match: [\"org/h2/*.*\", \"org/apache/tomcat/*.*\"], c2: {Exclude: true}}]");
  }

  @Test
  void packagesKeptWithC2ComeFirstSinceTheJvmTakesTheFirstDirectiveThatMatches() {
    assertThat(FrameworkCompilation.directives(List.of("org.h2"), List.of("org.h2.mvstore")))
        .isEqualTo("[{match: [\"org/h2/mvstore/*.*\"], c2: {Exclude: false}}, "
            + "{match: [\"org/h2/*.*\"], c2: {Exclude: true}}]");
  }

  @Test
  void aNameThatIsNotAPackageIsRefusedWithTheName() {
    for (String bad : List.of("org.h2\"], c1: {Exclude: true}}, {match: [\"*", "org..h2", "*", "", "org.h2.")) {
      assertThatThrownBy(() -> FrameworkCompilation.directives(List.of("org.h2", bad), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a Java package name: '" + bad + "'");
      assertThatThrownBy(() -> FrameworkCompilation.directives(List.of("org.h2"), List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a Java package name: '" + bad + "'");
    }
  }

  @Test
  void theJvmHoldsTheDirectivesOnceAddedWithC2ExcludedForThePackagesNotKept() {
    FrameworkCompilation.Outcome outcome = FrameworkCompilation.limitToC1(DEFAULT, KEPT);

    assertThat(outcome.applied()).as(outcome.message()).isTrue();
    String printed = FrameworkCompilation.printDirectives();
    int excluded = printed.indexOf("matching: ", printed.indexOf("org/h2/mvstore/*.*"));
    String kept = printed.substring(printed.indexOf("matching: "), excluded);
    String ours = printed.substring(excluded, printed.indexOf("Directive: (default)"));
    assertThat(kept).contains("org/h2/mvstore/*.*", "org/h2/value/*.*").doesNotContain("org/h2/*.*");
    assertThat(kept.substring(kept.indexOf("c2 directives:"))).contains("Enable:true Exclude:false");
    assertThat(ours).contains("org/h2/*.*", "org/springframework/*.*", "org/apache/tomcat/*.*");
    assertThat(ours.substring(ours.indexOf("c2 directives:"))).contains("Enable:true Exclude:true");
    assertThat(ours.substring(ours.indexOf("c1 directives:"), ours.indexOf("c2 directives:")))
        .as("C1 keeps compiling them").contains("Enable:false");
  }

  @Test
  void aSecondListInTheSameJvmLeavesTheFirstInPlace() {
    FrameworkCompilation.limitToC1(DEFAULT, KEPT);

    FrameworkCompilation.Outcome outcome = FrameworkCompilation.limitToC1(List.of("org.example"), KEPT);

    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.message()).startsWith("added before, for [org.apache.catalina").endsWith(" except " + KEPT);
    assertThat(FrameworkCompilation.printDirectives()).doesNotContain("org/example");
  }

  @Test
  void anEmptyListAddsNothing() {
    assertThat(FrameworkCompilation.limitToC1(List.of(), KEPT)).isEqualTo(new FrameworkCompilation.Outcome(false,
        "no packages given"));
  }

  @Test
  void theStarterAsksForTheSettingsListsAndSaysWhatTheJvmHolds(CapturedOutput output) {
    new FrameworkCompilationAtStart(properties(Map.of())).afterSingletonsInstantiated();

    assertThat(output).contains("The frameworks' code (org.apache.catalina, ", ") is compiled by C1 only, except"
        + " org.h2.mvstore, org.h2.value: ");
  }

  @Test
  void aStarterWithNoPackagesAsksForNothing(CapturedOutput output) {
    new FrameworkCompilationAtStart(properties(Map.of("seqwatch.jit.c1-only-packages", "")))
        .afterSingletonsInstantiated();

    assertThat(output).doesNotContain("compiled by C1 only").doesNotContain("compilers are left as they are");
  }

  @Test
  void aBadPackageNameInTheSettingsStopsTheStartWithTheName() {
    SeqwatchProperties bad = properties(Map.of("seqwatch.jit.c1-only-packages", "org.h2,org/apache"));

    assertThatThrownBy(() -> new FrameworkCompilationAtStart(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Java package name: 'org/apache'");
  }

  @Test
  void theSettingsListTheFrameworksByDefaultAndCanBeEmptied() {
    assertThat(DEFAULT).contains("org.apache.tomcat", "org.springframework", "org.h2")
        .doesNotContain("dev.seqwatch", "org.apache", "org.apache.kafka", "tools.jackson");
    assertThat(KEPT).containsExactly("org.h2.mvstore", "org.h2.value");
    assertThat(properties(Map.of("seqwatch.jit.c1-only-packages", "")).jit().c1OnlyPackages()).isEmpty();
    assertThat(properties(Map.of("seqwatch.jit.c2-kept-packages", "")).jit().c2KeptPackages()).isEmpty();
  }

  private static SeqwatchProperties properties(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("seqwatch", SeqwatchProperties.class);
  }
}
