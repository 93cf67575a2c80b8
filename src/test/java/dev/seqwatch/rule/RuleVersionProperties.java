package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However the files of one rule_id are versioned, exactly one is loaded: the highest version, a
 * missing version lowest, the first in path order on a tie, and a warning for each file tied with it.
 */
class RuleVersionProperties {

  /** @param versions one file each, in path order; 0 means the file declares no version */
  @Property(tries = 200)
  void exactlyTheHighestFirstVersionIsLoaded(@ForAll @Size(min = 1, max = 6) List<@IntRange(max = 3) Integer> versions)
      throws IOException {
    Path folder = Files.createTempDirectory("seqwatch-versions");
    try {
      for (int i = 0; i < versions.size(); i++) {
        Files.writeString(folder.resolve("f" + i + ".toml"), """
            [rule]
            rule_id = "same"
            name = "file %d"
            type = "eql"
            language = "eql"
            severity = "low"
            risk_score = 1
            %s
            query = 'process where true'
            """.formatted(i, versions.get(i) == 0 ? "" : "version = " + versions.get(i)));
      }
      RuleLoad load = RuleLoader.load(null, RuleSource.find(List.of(folder)), Set.of(), null);

      int best = versions.stream().mapToInt(Integer::intValue).max().orElseThrow();
      int winner = versions.indexOf(best);
      assertThat(load.rules().rules()).extracting(rule -> rule.definition().name()).containsExactly("file " + winner);
      for (int i = 0; i < versions.size(); i++) {
        assertThat(load.files().get(i).reason()).isEqualTo(i == winner ? null : RuleFile.Reason.SUPERSEDED);
      }
      // One warning for each file that ties with the winner.
      int tied = (int) versions.stream().filter(v -> v == best).count();
      assertThat(load.warnings()).hasSize(tied - 1);
    } finally {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(folder);
    }
  }
}
