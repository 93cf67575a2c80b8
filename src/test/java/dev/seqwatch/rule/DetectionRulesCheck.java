package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.eql.UnsupportedEqlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Loads every EQL rule of a local checkout of Elastic's detection-rules, when one is at
 * {@code /work/detection-rules}, and reports what stops the others. Nothing of that checkout is part
 * of this repository. No rule may be refused as invalid EQL: valid EQL SeqWatch does not run yet
 * must say "not supported yet", and a deprecated rule is skipped as such. Not part of the build
 * (the name does not end in Test); run it with {@code ./mvnw -o test -Dtest=DetectionRulesCheck}.
 */
@EnabledIf("checkoutPresent")
class DetectionRulesCheck {

  private static final Path CHECKOUT = Path.of("/work/detection-rules");

  static boolean checkoutPresent() {
    return Files.isDirectory(CHECKOUT.resolve("rules"));
  }

  @Test
  void everyEqlRuleLoadsOrNamesAConstructNotSupportedYet() throws IOException {
    int eql = 0;
    int loaded = 0;
    int deprecated = 0;
    Map<String, Integer> unsupported = new TreeMap<>();
    Map<String, String> invalid = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Stream.concat(Files.walk(CHECKOUT.resolve("rules")),
        Files.walk(CHECKOUT.resolve("rules_building_block")))) {
      files = walk.filter(path -> path.toString().endsWith(".toml")).sorted().toList();
    }
    for (Path file : files) {
      String text = Files.readString(file);
      if (!text.contains("language = \"eql\"")) {
        continue;
      }
      eql++;
      try {
        RuleCompiler.compile(List.of(new RuleSource(file.toString(), text)));
        loaded++;
      } catch (RuleLoadException e) {
        if (e.kind() == RuleFile.Reason.DEPRECATED) {
          deprecated++;
          continue;
        }
        String query = queryOf(text);
        try {
          EqlParser.parse(query);
          invalid.put(file.getFileName().toString(), e.getMessage());
        } catch (UnsupportedEqlException u) {
          unsupported.merge(u.construct().replaceAll("\\(.*", "").strip(), 1, Integer::sum);
        } catch (RuntimeException other) {
          invalid.put(file.getFileName().toString(), e.getMessage());
        }
      }
    }
    System.out.printf("detection-rules: %d EQL rules, %d load, %d deprecated, not supported yet: %s%n", eql, loaded,
        deprecated, unsupported);
    invalid.forEach((file, message) -> System.out.println("  refused: " + file + ": " + message));
    assertThat(invalid).isEmpty();
  }

  private static String queryOf(String toml) {
    int start = toml.indexOf("query = '''");
    if (start < 0) {
      return "";
    }
    int from = start + "query = '''".length();
    return toml.substring(from, toml.indexOf("'''", from));
  }
}
