package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What many rules together keep and how it is weighed and counted: a document kept by several rules
 * is stored once and weighed once, a key's state weighs everything it keeps, a state without a
 * pending partial lives only the allowed lateness, and every rule has its own counters, its
 * conditions tested among them.
 */
class RuleSetStateTest {

  private static final String PADDING = "x".repeat(50_000);
  private final FakeTicker ticker = new FakeTicker();

  private static String rule(String id, String query) {
    return Engines.ruleToml(id, id, query);
  }

  /** {@code count} rules that all start a chain on the same process event, keyed by host. */
  private static RuleSet rules(int count) {
    List<RuleSource> sources = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sources.add(new RuleSource("r" + i + ".toml", rule("r" + i,
          "sequence by host.id with maxspan=1m [process where process.name == \"sh\"] [network where true]")));
    }
    return RuleCompiler.compile(sources);
  }

  private static String event(String category, long millis, String host, String padding) {
    return "{\"@timestamp\":\"" + Instant.ofEpochMilli(1_770_000_000_000L + millis) + "\",\"event\":{\"id\":\""
        + category + millis + host + "\",\"category\":[\"" + category + "\"]},\"host\":{\"id\":\"" + host
        + "\"},\"process\":{\"name\":\"sh\"},\"padding\":\"" + padding + "\"}";
  }

  private static long bytes(DetectionEngine engine) {
    return engine.stats().rules().stream().mapToLong(RuleStats::bytes).sum();
  }

  @Test
  void aDocumentKeptByTenRulesIsStoredOnceAndWeighedOnce() {
    RuleSet one = rules(1);
    RuleSet ten = rules(10);
    DetectionEngine single = Engines.engine(one, CorrelationSettings.DEFAULTS, ticker);
    DetectionEngine many = Engines.engine(ten, CorrelationSettings.DEFAULTS, ticker);

    single.process(Engines.read(one, List.of(event("process", 0, "h1", PADDING))));
    many.process(Engines.read(ten, List.of(event("process", 0, "h1", PADDING))));
    List<Detection> found = many.process(Engines.read(ten, List.of(event("network", 10, "h1", ""))));

    assertThat(bytes(single)).isGreaterThan(PADDING.length());
    assertThat(many.estimatedKeys()).isEqualTo(10);
    // Ten holders of one 50 KB document: the document once, plus ten small states.
    assertThat(bytes(many)).isLessThan(bytes(single) + 10 * 2_000L);
    assertThat(found).hasSize(10);
    for (Detection detection : found) {
      assertThat(detection.events().get(0)).isSameAs(found.get(0).events().get(0));
    }
  }

  @Test
  void reportedChainsAreWeighedWithTheirState() {
    RuleSet rules = Engines.ruleOf("sequence by host.id [process where true] [network where true]");
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);

    assertThat(engine.process(Engines.read(rules, List.of(
        event("process", 0, "h1", PADDING), event("network", 100, "h1", PADDING))))).hasSize(1);
    // A later, small event folds both big ones out of the window; without maxspan the reported
    // chain stays, to recognise it if a re-run finds it again, and so do its two documents.
    engine.process(Engines.read(rules, List.of(event("process", 60_000, "h1", ""))));

    assertThat(engine.stats().rule("test-rule").bytes()).isGreaterThan(2L * PADDING.length());
  }

  @Test
  void aStateWithoutPendingPartialLivesTheAllowedLateness() {
    RuleSet rules = rules(1);
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);

    // h1 has a partial (stage 1 matched); h2 only a stage-2 candidate waiting for an earlier stage.
    engine.process(Engines.read(rules, List.of(event("process", 0, "h1", ""), event("network", 0, "h2", ""))));
    ticker.advance(Duration.ofSeconds(5).plusMillis(1));
    engine.cleanUp();

    assertThat(engine.estimatedKeys()).isEqualTo(1);
    assertThat(engine.stats().rule("r0").keys()).isEqualTo(1);
    assertThat(engine.stats().rule("r0").discarded(Discard.EXPIRED)).isEqualTo(1);
  }

  @Test
  void aStateHoldingOnlyUntilEventsLivesTheAllowedLateness() {
    RuleSet rules = RuleCompiler.compile(List.of(new RuleSource("u.toml", rule("u",
        "sequence by host.id with maxspan=1m [process where true] [network where true] until [file where true]"))));
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);

    // An until event alone makes state (semantics §10.2), kept for the allowed lateness only.
    engine.process(Engines.read(rules, List.of(event("file", 0, "h1", ""))));
    assertThat(engine.estimatedKeys()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(5).plusMillis(1));
    engine.cleanUp();

    assertThat(engine.estimatedKeys()).isZero();
    assertThat(engine.stats().rule("u").keys()).isZero();
  }

  @Test
  void aStateWithAChainPendingItsMissingEventCheckLivesMaxspanPlusLateness() {
    RuleSet rules = RuleCompiler.compile(List.of(new RuleSource("m.toml", rule("m",
        "sequence by host.id with maxspan=1m [process where true] [network where true] ![file where true]"))));
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    List<Detection> expired = new ArrayList<>();
    engine.onExpiry(expired::addAll);

    // The chain is complete but waits for a trailing file event that may still come (§11); the
    // machine holds no partial any more.
    assertThat(engine.process(Engines.read(rules, List.of(event("process", 0, "h1", ""),
        event("network", 10, "h1", ""))))).isEmpty();
    ticker.advance(Duration.ofSeconds(5).plusMillis(1));
    engine.cleanUp();
    assertThat(engine.estimatedKeys()).isEqualTo(1);
    assertThat(expired).isEmpty();

    ticker.advance(Duration.ofMinutes(1));
    engine.cleanUp();
    assertThat(engine.estimatedKeys()).isZero();
    assertThat(expired).hasSize(1);
    assertThat(engine.stats().rule("m").alerts()).isEqualTo(1);
  }

  @Test
  void countersAreKeptByRule() {
    List<RuleSource> sources = List.of(
        new RuleSource("a.toml", rule("a",
            "sequence by host.id with maxspan=1m [process where process.name == \"sh\"] [network where true]")),
        new RuleSource("b.toml", rule("b", "sequence by user.id [process where true] [network where true]")),
        new RuleSource("c.toml", rule("c", "network where true")),
        new RuleSource("d.toml", rule("d", "sequence by host.id [process where true] with runs=2 [network where true]")));
    RuleSet rules = RuleCompiler.compile(sources);
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);

    engine.process(Engines.read(rules, List.of(
        event("process", 0, "h1", ""), event("process", 1, "h2", ""), event("network", 10, "h1", ""))));

    RuleStats a = engine.stats().rule("a");
    RuleStats b = engine.stats().rule("b");
    RuleStats c = engine.stats().rule("c");
    assertThat(a.stageMatches(0)).isEqualTo(2);
    assertThat(a.stageMatches(1)).isEqualTo(1);
    assertThat(a.keys()).isEqualTo(2);
    assertThat(a.bytes()).isPositive();
    assertThat(a.alerts()).isEqualTo(1);
    assertThat(b.stageMatches(0)).isEqualTo(2);
    assertThat(b.discarded(Discard.MISSING_JOIN_KEY)).isEqualTo(3);
    assertThat(b.keys()).isZero();
    assertThat(b.alerts()).isZero();
    assertThat(c.alerts()).isEqualTo(1);
    assertThat(c.stageMatches(0)).isEqualTo(1);
    RuleStats d = engine.stats().rule("d");
    assertThat(List.of(d.stageMatches(0), d.stageMatches(1), d.stageMatches(2))).containsExactly(2L, 2L, 1L);
    assertThat(engine.stats().discarded(Discard.MISSING_JOIN_KEY)).isEqualTo(3);
  }

  @Test
  void evictionsAreCountedAgainstTheRuleWhoseStateWasEvicted() {
    List<RuleSource> sources = List.of(
        new RuleSource("a.toml", rule("a",
            "sequence by host.id with maxspan=1m [process where process.name == \"sh\"] [network where true]")),
        new RuleSource("b.toml", rule("b", "sequence by host.id [file where true] [network where true]")));
    RuleSet rules = RuleCompiler.compile(sources);
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(64 * 1024),
        ticker);

    List<String> documents = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      documents.add(event("process", i, "h" + i, ""));
    }
    engine.process(Engines.read(rules, documents));
    engine.cleanUp();

    assertThat(engine.stats().rule("a").discarded(Discard.EVICTED_BY_SIZE)).isGreaterThan(1_000);
    assertThat(engine.stats().rule("b").discarded(Discard.EVICTED_BY_SIZE)).isZero();
    assertThat(engine.stats().rule("a").bytes()).isLessThanOrEqualTo(64 * 1024);
    assertThat(engine.stats().discarded(Discard.EVICTED_BY_SIZE))
        .isEqualTo(engine.stats().rule("a").discarded(Discard.EVICTED_BY_SIZE));
  }

  @Test
  void droppedStateLeavesTheRuleCounters() {
    RuleSet rules = rules(2);
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    engine.process(Engines.read(rules, List.of(event("process", 0, "h1", PADDING), event("process", 1, "h2", ""))));
    assertThat(engine.stats().rule("r1").keys()).isEqualTo(2);

    engine.dropState();

    assertThat(engine.stats().rules()).allSatisfy(rule -> {
      assertThat(rule.keys()).isZero();
      assertThat(rule.bytes()).isZero();
    });
    assertThat(engine.stats().discarded(Discard.EXPIRED) + engine.stats().discarded(Discard.EVICTED_BY_SIZE)).isZero();
  }

  @Test
  void aRulesConditionIsCountedOnlyForTheEventsTheStageIndexLetsThrough() {
    List<RuleSource> sources = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sources.add(new RuleSource("n" + i + ".toml", rule("n" + i, "process where process.name == \"n" + i + "\"")));
    }
    RuleSet rules = RuleCompiler.compile(sources);
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);

    engine.process(Engines.read(rules, List.of(named("n3", 0), named("n3", 1), named("n7", 2), named("other", 3))));

    assertThat(engine.stats().rule("n3").conditionsTested()).isEqualTo(2);
    assertThat(engine.stats().rule("n7").conditionsTested()).isEqualTo(1);
    assertThat(engine.stats().rule("n0").conditionsTested()).isZero();
    assertThat(engine.stats().conditionsTested()).isEqualTo(3);
  }

  @Test
  void theRulesCountsOfConditionsTestedAddUpToTheEnginesSampleFiltersIncluded() {
    RuleSet rules = RuleCompiler.compile(List.of(
        new RuleSource("seq.toml", rule("seq", "sequence by host.id [process where process.name == \"sh\"]"
            + " [network where true] until [process where event.type == \"end\"]")),
        new RuleSource("query.toml", rule("query", "network where true")),
        new RuleSource("sample.toml", rule("sample", "sample by host.id [process where true] [network where true]"))));
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(event(i % 2 == 0 ? "process" : "network", i, "h" + i % 3, ""));
    }

    engine.process(Engines.read(rules, events));

    long seq = engine.stats().rule("seq").conditionsTested();
    long query = engine.stats().rule("query").conditionsTested();
    long sample = engine.stats().rule("sample").conditionsTested();
    assertThat(seq).as("the first stage on each process event (sh), the second on each network event; until's"
        + " event.type is on none").isEqualTo(20);
    assertThat(query).as("the network events only").isEqualTo(10);
    assertThat(sample).as("each event against the one filter of its category").isEqualTo(20);
    assertThat(seq + query + sample).isEqualTo(engine.stats().conditionsTested());
    assertThat(engine.stats().rule("sample").stageMatches(0)).isEqualTo(10);
    assertThat(engine.stats().rule("sample").stageMatches(1)).isEqualTo(10);
  }

  private static String named(String processName, long millis) {
    return "{\"@timestamp\":\"" + Instant.ofEpochMilli(1_770_000_000_000L + millis) + "\",\"event\":{\"id\":\"e"
        + millis + "\",\"category\":[\"process\"]},\"host\":{\"id\":\"h1\"},\"process\":{\"name\":\""
        + processName + "\"}}";
  }
}
