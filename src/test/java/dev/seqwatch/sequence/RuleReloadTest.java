package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.rule.RuleLoad;
import dev.seqwatch.rule.RuleLoader;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetectionEngine#withRules}: a reload keeps the partial sequences of the rules it did not
 * change and drops, counting them, those of rules it changed or removed (semantics, "Reloads").
 */
class RuleReloadTest {

  @TempDir
  Path folder;

  private RuleLoad first;
  private DetectionEngine engine;

  private void write(String file, String id, String name, String query) throws IOException {
    Files.writeString(folder.resolve(file), Engines.ruleToml(id, name, query));
  }

  private static String sequence(String first, String second) {
    return "sequence by host.id with maxspan=1h [process where process.name == \"" + first + "\"]"
        + " [process where process.name == \"" + second + "\"]";
  }

  private RuleLoad load(RuleLoad previous) {
    return RuleLoader.load(null, RuleSource.find(List.of(folder)), Set.of(),
        previous == null ? null : previous.rules().schema());
  }

  private static List<Detection> feed(DetectionEngine engine, RuleSet rules, String processName, int second) {
    String event = ("{\"@timestamp\":\"2026-01-01T00:00:%02dZ\",\"event\":{\"category\":\"process\"},"
        + "\"process\":{\"name\":\"%s\"},\"host\":{\"id\":\"h1\"}}").formatted(second, processName);
    return engine.process(Engines.read(rules, List.of(event)));
  }

  @BeforeEach
  void twoRulesWithAPartialChainEach() throws IOException {
    write("keep.toml", "keep", "Keep", sequence("k1", "k2"));
    write("change.toml", "change", "Change", sequence("c1", "c2"));
    first = load(null);
    engine = Engines.engine(first.rules());
    feed(engine, first.rules(), "k1", 1);
    feed(engine, first.rules(), "c1", 2);
    assertThat(engine.estimatedKeys()).isEqualTo(2);
  }

  @Test
  void anUnchangedRuleCompletesAChainBegunBeforeTheReloadAndAChangedRuleStartsOver() throws IOException {
    write("change.toml", "change", "Change", sequence("c1", "c3"));
    // A new rule first in path order, reading a field no rule read: the old plans still read
    // their slots, because the new schema extends the old one.
    write("a_added.toml", "added", "Added", "file where file.path == \"/tmp/x\"");
    RuleLoad second = load(first);
    DetectionEngine reloaded = engine.withRules(second.rules());

    assertThat(feed(reloaded, second.rules(), "k2", 3)).extracting(d -> d.rule().id()).containsExactly("keep");
    assertThat(feed(reloaded, second.rules(), "c3", 4)).isEmpty();
    assertThat(reloaded.stats().discarded(Discard.RULE_CHANGED)).isEqualTo(1);
    assertThat(reloaded.stats()).isSameAs(engine.stats());
  }

  @Test
  void aRemovedRuleDropsItsStateAndTheOthersKeepTheirs() throws IOException {
    Files.delete(folder.resolve("change.toml"));
    RuleLoad second = load(first);
    DetectionEngine reloaded = engine.withRules(second.rules());

    assertThat(reloaded.estimatedKeys()).isEqualTo(1);
    assertThat(reloaded.stats().discarded(Discard.RULE_CHANGED)).isEqualTo(1);
    assertThat(feed(reloaded, second.rules(), "k2", 3)).hasSize(1);
  }

  @Test
  void aRuleWhoseMetadataChangedStartsOverSoItsAlertsNeverCarryTheOldMetadata() throws IOException {
    write("keep.toml", "keep", "Keep, renamed", sequence("k1", "k2"));
    RuleLoad second = load(first);
    DetectionEngine reloaded = engine.withRules(second.rules());

    assertThat(feed(reloaded, second.rules(), "k2", 3)).isEmpty();
    assertThat(feed(reloaded, second.rules(), "k1", 4)).isEmpty();
    assertThat(feed(reloaded, second.rules(), "k2", 5)).extracting(d -> d.rule().definition().name())
        .containsExactly("Keep, renamed");
  }

  @Test
  void withoutAnExtendedSchemaNoStateIsKept() throws IOException {
    write("a_added.toml", "added", "Added", "file where file.path == \"/tmp/x\"");
    RuleLoad fresh = load(null);
    DetectionEngine reloaded = engine.withRules(fresh.rules());

    assertThat(reloaded.estimatedKeys()).isZero();
    assertThat(reloaded.stats().discarded(Discard.RULE_CHANGED)).isEqualTo(2);
    assertThat(feed(reloaded, fresh.rules(), "k2", 3)).isEmpty();
  }
}
