package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check-rules command: the loader's verdicts, printed, and an exit status for CI. */
class RuleCheckTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(String... args) {
    return RuleCheck.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsEveryVerdictTheWarningsAndTheSummaryAndFailsWhenARuleFailed() {
    int status = check("--disabled", "tree-disabled", RuleLoaderTest.TREE.toString());

    List<String> expected = new java.util.ArrayList<>(
        RuleLoaderTest.loadTree().files().stream().map(RuleFile::describe).toList());
    expected.add("WARNING " + RuleLoaderTest.loadTree().warnings().get(0));
    expected.add("loaded 5, skipped 9 (not_eql 2, deprecated 1, disabled 1, superseded 4, unsupported_eql 1),"
        + " failed 3");
    assertThat(lines()).containsExactlyElementsOf(expected);
    assertThat(status).isEqualTo(1);
  }

  @Test
  void unsupportedRulesPassUnlessStrict(@TempDir Path folder) throws IOException {
    Files.copy(RuleLoaderTest.TREE.resolve("linux/good_sequence.toml"), folder.resolve("good.toml"));
    Files.copy(RuleLoaderTest.TREE.resolve("linux/unsupported_join.toml"), folder.resolve("join.toml"));
    Files.copy(RuleLoaderTest.TREE.resolve("other/kuery.toml"), folder.resolve("kuery.toml"));

    assertThat(check(folder.toString())).isZero();
    assertThat(lines()).last().isEqualTo("loaded 2, skipped 2 (not_eql 1, unsupported_eql 1), failed 0");
    assertThat(check("--strict", folder.toString())).isEqualTo(1);
    assertThat(check("--strict", "--without-bundled", "--disabled", "tree-join", folder.toString())).isZero();
    assertThat(lines()).last().isEqualTo("loaded 1, skipped 2 (not_eql 1, disabled 1), failed 0");
  }

  @Test
  void aMissingFolderOrNoFolderIsAUsageError(@TempDir Path folder) {
    assertThat(check(folder.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("rules path is neither a directory nor a file");
    assertThat(check()).isEqualTo(2);
    assertThat(check("--bogus", folder.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar seqwatch.jar check-rules");
  }
}
