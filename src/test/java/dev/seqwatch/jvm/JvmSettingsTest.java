package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.config.SeqwatchProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The JVM settings live in two places, the container image ({@code JAVA_TOOL_OPTIONS} in the
 * Dockerfile) and {@code ./mvnw spring-boot:run} ({@code jvmArguments} in the pom), and the compile
 * thresholds among them name the packages that {@code seqwatch.jit.c1-only-packages} names by
 * default. Lowering the thresholds of a package that C2 still compiles would move its C2
 * compilations earlier, with less profile: every threshold at a tenth cost the server more than it
 * saved (docs/benchmarks.md, twenty-second session, "The compilers after the harness's warm-up", run
 * JIT2). So the two lists must agree.
 */
class JvmSettingsTest {

  private static final Pattern SCALING =
      Pattern.compile("-XX:CompileCommand=CompileThresholdScaling,([\\w/]+)/\\*\\.\\*,0\\.1");

  @Test
  void theImageAndSpringBootRunStartTheJvmWithTheSameSettings() throws IOException {
    assertThat(pomArguments()).isEqualTo(imageArguments());
  }

  @Test
  void theFrameworksCompileThresholdsAreLoweredForExactlyThePackagesCompiledByC1Only() throws IOException {
    List<String> c1Only = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("seqwatch", SeqwatchProperties.class).jit().c1OnlyPackages();
    List<String> scaled = imageArguments().stream().map(SCALING::matcher).filter(Matcher::matches)
        .map(m -> m.group(1).replace('/', '.')).toList();
    assertThat(scaled).containsExactlyElementsOf(c1Only);
    assertThat(imageArguments()).contains("-XX:CompileCommand=quiet");
  }

  private static List<String> imageArguments() throws IOException {
    return arguments(Files.readString(Path.of("Dockerfile")), "JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
  }

  private static List<String> pomArguments() throws IOException {
    return arguments(Files.readString(Path.of("pom.xml")), "<jvmArguments>([^<]*)</jvmArguments>");
  }

  private static List<String> arguments(String text, String regex) {
    Matcher found = Pattern.compile(regex).matcher(text);
    assertThat(found.find()).as("%s", regex).isTrue();
    return List.of(found.group(1).trim().split("\\s+"));
  }
}
