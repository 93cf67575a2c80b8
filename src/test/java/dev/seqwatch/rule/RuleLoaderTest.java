package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.seqwatch.rule.RuleFile.Reason;
import dev.seqwatch.rule.RuleFile.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule tree of src/test/resources/rule-tree, one file of every kind, loaded file by file. */
class RuleLoaderTest {

  static final Path TREE = Path.of("src/test/resources/rule-tree");
  static final String BUNDLED_ID = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

  static RuleLoad loadTree() {
    return RuleLoader.load(RuleSource.bundled(), RuleSource.find(List.of(TREE)), Set.of("tree-disabled"), null);
  }

  private static String file(String relative) {
    return TREE.resolve(relative).toString();
  }

  @Test
  void everyFileOfTheTreeGetsItsVerdictInPathOrderWithTheBundledRuleFirst() {
    RuleLoad load = loadTree();

    assertThat(load.files()).extracting(RuleFile::origin, RuleFile::status, RuleFile::reason).containsExactly(
        tuple("classpath:" + RuleSource.BUNDLED, Status.SKIPPED, Reason.SUPERSEDED),
        tuple(file("broken/bad_eql.toml"), Status.FAILED, Reason.MALFORMED_EQL),
        tuple(file("broken/bad_severity.toml"), Status.FAILED, Reason.INVALID_RULE),
        tuple(file("broken/bad_toml.toml"), Status.FAILED, Reason.MALFORMED_TOML),
        tuple(file("linux/dup_a_v1.toml"), Status.SKIPPED, Reason.SUPERSEDED),
        tuple(file("linux/dup_b_v2.toml"), Status.LOADED, null),
        tuple(file("linux/dup_c_none.toml"), Status.SKIPPED, Reason.SUPERSEDED),
        tuple(file("linux/good_event.toml"), Status.LOADED, null),
        tuple(file("linux/good_sequence.toml"), Status.LOADED, null),
        tuple(file("linux/reverse_shell_override.toml"), Status.LOADED, null),
        tuple(file("linux/unsupported_join.toml"), Status.SKIPPED, Reason.UNSUPPORTED_EQL),
        tuple(file("other/deprecated.toml"), Status.SKIPPED, Reason.DEPRECATED),
        tuple(file("other/kuery.toml"), Status.SKIPPED, Reason.NOT_EQL),
        tuple(file("other/ml.toml"), Status.SKIPPED, Reason.NOT_EQL),
        tuple(file("windows/nested/disabled_rule.toml"), Status.SKIPPED, Reason.DISABLED),
        tuple(file("windows/tie_a.toml"), Status.LOADED, null),
        tuple(file("windows/tie_b.toml"), Status.SKIPPED, Reason.SUPERSEDED));
    assertThat(load.rules().rules()).extracting(CompiledRule::id)
        .containsExactly("tree-dup", "tree-event", "tree-good", BUNDLED_ID, "tree-tie");
    assertThat(load.summary()).hasToString("loaded 5, skipped 9 (not_eql 2, deprecated 1, disabled 1, superseded 4,"
        + " unsupported_eql 1), failed 3");
  }

  @Test
  void failuresAndUnsupportedConstructsNameTheirLineAndColumnInTheFile() {
    Map<String, RuleFile> byOrigin = byOrigin(loadTree());

    assertThat(byOrigin.get(file("broken/bad_eql.toml")))
        .extracting(RuleFile::ruleId, RuleFile::line, RuleFile::column)
        .containsExactly("tree-bad-eql", 23, 16);
    assertThat(byOrigin.get(file("broken/bad_eql.toml")).message()).startsWith("query: expected an operator");
    assertThat(byOrigin.get(file("broken/bad_toml.toml")))
        .extracting(RuleFile::ruleId, RuleFile::line, RuleFile::column)
        .containsExactly(null, 3, 28);
    assertThat(byOrigin.get(file("broken/bad_severity.toml")))
        .extracting(RuleFile::ruleId, RuleFile::line, RuleFile::column, RuleFile::message)
        .containsExactly("tree-bad-severity", 17, 1,
            "rule.severity must be one of low, medium, high, critical but is 'urgent'");
    RuleFile join = byOrigin.get(file("linux/unsupported_join.toml"));
    assertThat(join.describe()).isEqualTo("SKIPPED unsupported_eql " + file("linux/unsupported_join.toml")
        + ":22:1: query: join queries is not supported yet");
  }

  @Test
  void theHigherVersionWinsAndAMissingVersionLosesToAny() {
    Map<String, RuleFile> byOrigin = byOrigin(loadTree());

    assertThat(byOrigin.get(file("linux/dup_a_v1.toml")).message())
        .isEqualTo("superseded by " + file("linux/dup_b_v2.toml") + ": version 2 is higher than version 1");
    assertThat(byOrigin.get(file("linux/dup_c_none.toml")).message())
        .isEqualTo("superseded by " + file("linux/dup_b_v2.toml") + ": version 2 is higher than no version");
  }

  @Test
  void onATieTheFirstInPathOrderWinsAndAWarningNamesBoth() {
    RuleLoad load = loadTree();

    assertThat(load.warnings()).containsExactly("rule_id tree-tie: " + file("windows/tie_a.toml") + " and "
        + file("windows/tie_b.toml") + " both have version 3; using " + file("windows/tie_a.toml"));
    assertThat(load.rules().rules()).filteredOn(rule -> rule.id().equals("tree-tie"))
        .extracting(rule -> rule.definition().name()).containsExactly("Tree tie first");
  }

  @Test
  void aFileWithTheBundledRuleIdReplacesTheBundledRuleWhateverTheVersions() {
    RuleLoad load = loadTree();

    assertThat(load.files().get(0).message()).isEqualTo("superseded by " + file("linux/reverse_shell_override.toml")
        + ": a file of seqwatch.rules.path replaces the bundled rule");
    assertThat(load.rules().rules()).filteredOn(rule -> rule.id().equals(BUNDLED_ID))
        .extracting(rule -> rule.definition().name())
        .containsExactly("Potential Reverse Shell via Suspicious Binary (from the tree)");
  }

  @Test
  void strictModeRefusesTheFailedFilesAndTheUnsupportedRulesOnly() {
    assertThat(loadTree().refusedWhenStrict()).extracting(RuleFile::origin).containsExactly(
        file("broken/bad_eql.toml"), file("broken/bad_severity.toml"), file("broken/bad_toml.toml"),
        file("linux/unsupported_join.toml"));
  }

  @Test
  void severalRootsLoadInTheOrderGivenAndAFileMayBeARoot() {
    List<Path> files = RuleSource.find(List.of(TREE.resolve("windows"), TREE.resolve("linux/good_event.toml")));

    assertThat(files).containsExactly(TREE.resolve("windows/nested/disabled_rule.toml"),
        TREE.resolve("windows/tie_a.toml"), TREE.resolve("windows/tie_b.toml"), TREE.resolve("linux/good_event.toml"));
  }

  @Test
  void aMissingRootIsAnErrorOfTheSettingNotOfAFile(@TempDir Path folder) {
    assertThatThrownBy(() -> RuleSource.find(List.of(folder.resolve("nope"))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("rules path is neither a directory nor a file");
  }

  @Test
  void anEmptySetIsAllowed(@TempDir Path folder) {
    RuleLoad load = RuleLoader.load(null, RuleSource.find(List.of(folder)), Set.of(), null);

    assertThat(load.rules().rules()).isEmpty();
    assertThat(load.summary()).hasToString("loaded 0, skipped 0, failed 0");
  }

  @Test
  void aFileThatIsNotUtf8FailsAlone(@TempDir Path folder) throws IOException {
    Files.write(folder.resolve("latin1.toml"), new byte[] {'[', 'r', 'u', 'l', 'e', ']', '\n', (byte) 0xE9});
    Files.copy(TREE.resolve("linux/good_event.toml"), folder.resolve("ok.toml"));

    RuleLoad load = RuleLoader.load(null, RuleSource.find(List.of(folder)), Set.of(), null);

    assertThat(load.files()).extracting(RuleFile::reason).containsExactly(Reason.UNREADABLE, null);
  }

  @Test
  void aFileDeletedBetweenListingAndReadingIsNoLongerPartOfTheTree(@TempDir Path folder) {
    RuleLoad load = RuleLoader.load(null, List.of(folder.resolve("gone.toml")), Set.of(), null);

    assertThat(load.files()).isEmpty();
  }

  private static Map<String, RuleFile> byOrigin(RuleLoad load) {
    return load.files().stream().collect(java.util.stream.Collectors.toMap(RuleFile::origin, f -> f));
  }
}
