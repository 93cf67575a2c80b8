package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sample} in rules: the streaming meaning of semantics "samples in rules". */
class SampleRulesTest {

  private static final long MINUTE = 60_000;

  /** A sample rule looking back {@code from} (Kibana's {@code now-9m}). */
  private static RuleSet rule(String from) {
    String toml = """
        [rule]
        rule_id = "sample-rule"
        name = "sample"
        type = "eql"
        language = "eql"
        severity = "low"
        risk_score = 21
        from = "%s"
        query = '''
        sample by host.id [process where process.name == "a"] [network where true] [file where true]
        '''
        """.formatted(from);
    return RuleCompiler.compile(List.of(new RuleSource("sample.toml", toml)));
  }

  private static String process(String id, long timestamp, String host) {
    return "{\"@timestamp\":" + timestamp + ",\"event\":{\"id\":\"" + id + "\",\"category\":\"process\"},"
        + "\"host\":{\"id\":\"" + host + "\"},\"process\":{\"name\":\"a\"}}";
  }

  private static String network(String id, long timestamp, String host) {
    return "{\"@timestamp\":" + timestamp + ",\"event\":{\"id\":\"" + id + "\",\"category\":\"network\"},"
        + "\"host\":{\"id\":\"" + host + "\"}}";
  }

  private static String file(String id, long timestamp, String host) {
    return "{\"@timestamp\":" + timestamp + ",\"event\":{\"id\":\"" + id + "\",\"category\":\"file\"},"
        + "\"host\":{\"id\":\"" + host + "\"}}";
  }

  /** Each document in a batch of its own, in the order given. */
  private static List<Detection> oneByOne(DetectionEngine engine, RuleSet rules, List<String> documents) {
    List<Detection> detections = new ArrayList<>();
    for (String document : documents) {
      detections.addAll(engine.process(Engines.read(rules, List.of(document))));
    }
    return detections;
  }

  private static List<String> ids(Detection detection) {
    return detection.events().stream().map(Event::id).toList();
  }

  @Test
  void aKeysSampleStateWeighsItsEventsDocumentsAgainstTheBound() {
    RuleSet rules = rule("now-9m");
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(20_000),
        new FakeTicker());
    String padding = "p".repeat(1_000);
    List<String> documents = new ArrayList<>();
    for (int host = 0; host < 40; host++) {
      documents.add(process("p" + host, 0, "h" + host).replace("}}", "},\"padding\":\"" + padding + "\"}"));
    }

    engine.process(Engines.read(rules, documents));

    // Forty keys, each keeping one event of more than a kilobyte, against a bound of 20 KB.
    assertThat(engine.stats().rule("sample-rule").discarded(Discard.EVICTED_BY_SIZE)).isGreaterThanOrEqualTo(20);
  }

  @Test
  void aSampleIsReportedOnceEveryFilterIsMatchedByDistinctEventsOfTheKey() {
    RuleSet rules = rule("now-9m");
    List<String> documents = List.of(process("p", 0, "h"), network("n-other", 1_000, "other"),
        network("n", 2_000, "h"), file("f", 3_000, "h"));

    List<Detection> detections = oneByOne(Engines.engine(rules), rules, documents);

    assertThat(detections).singleElement().satisfies(detection -> {
      assertThat(ids(detection)).containsExactly("p", "n", "f");
      assertThat(detection.joinKeys()).containsExactly("h");
      assertThat(detection.firstTimestamp()).isZero();
      assertThat(detection.lastTimestamp()).isEqualTo(3_000);
    });
  }

  @Test
  void theFiltersHaveNoOrderSoAnyArrivalOrderGivesTheSameSample() {
    RuleSet rules = rule("now-9m");
    List<String> documents = new ArrayList<>(List.of(process("p", 3_000, "h"), network("n", 2_000, "h"),
        file("f", 1_000, "h")));
    List<Detection> inOrder = oneByOne(Engines.engine(rules), rules, documents);
    Collections.reverse(documents);

    List<Detection> reversed = oneByOne(Engines.engine(rules), rules, documents);
    List<Detection> oneBatch = Engines.engine(rules).process(Engines.read(rules, documents));

    assertThat(inOrder).hasSize(1);
    assertThat(reversed).extracting(Detection::id).containsExactly(inOrder.get(0).id());
    assertThat(oneBatch).extracting(Detection::id).containsExactly(inOrder.get(0).id());
    assertThat(ids(inOrder.get(0))).containsExactly("p", "n", "f");
  }

  @Test
  void eventsFurtherApartThanTheLookBackNeverShareASample() {
    RuleSet rules = rule("now-9m");
    DetectionEngine engine = Engines.engine(rules);

    List<Detection> apart = oneByOne(engine, rules, List.of(process("p", 0, "h"), network("n", 5 * MINUTE, "h"),
        file("f", 9 * MINUTE + 1, "h")));
    List<Detection> within = oneByOne(engine, rules, List.of(process("p2", 9 * MINUTE + 2, "h")));

    assertThat(apart).isEmpty();
    assertThat(within).singleElement().satisfies(detection -> assertThat(ids(detection)).containsExactly("p2", "n", "f"));
  }

  @Test
  void anEventBehindTheLookBackIsCountedLateAndNotKept() {
    RuleSet rules = rule("now-1m");
    DetectionEngine engine = Engines.engine(rules);

    List<Detection> detections = oneByOne(engine, rules, List.of(network("n", 10 * MINUTE, "h"),
        process("p", 8 * MINUTE, "h"), file("f", 10 * MINUTE, "h")));

    assertThat(detections).isEmpty();
    assertThat(engine.stats().discarded(Discard.LATE)).isEqualTo(1);
  }

  @Test
  void anEventServesInOneSampleOfItsKeyOnly() {
    RuleSet rules = rule("now-9m");
    DetectionEngine engine = Engines.engine(rules);

    List<Detection> first = oneByOne(engine, rules, List.of(process("p1", 0, "h"), network("n1", 1, "h"),
        file("f1", 2, "h")));
    List<Detection> moreOfOneFilter = oneByOne(engine, rules, List.of(file("f2", 3, "h"), file("f3", 4, "h")));
    List<Detection> second = oneByOne(engine, rules, List.of(process("p2", 5, "h"), network("n2", 6, "h")));

    assertThat(first).hasSize(1);
    assertThat(moreOfOneFilter).isEmpty();
    assertThat(second).singleElement().satisfies(detection -> assertThat(ids(detection)).containsExactly("p2", "n2", "f2"));
  }

  @Test
  void oneEventMatchingTwoFiltersFillsOnlyOne() {
    RuleSet rules = Engines.ruleOf("sample by k [any where v == \"x\"] [any where v == \"x\"]");
    DetectionEngine engine = Engines.engine(rules);
    String first = "{\"@timestamp\":1,\"event\":{\"id\":\"x1\"},\"k\":\"h\",\"v\":\"x\"}";
    String second = "{\"@timestamp\":2,\"event\":{\"id\":\"x2\"},\"k\":\"h\",\"v\":\"x\"}";

    assertThat(engine.process(Engines.read(rules, List.of(first)))).isEmpty();
    assertThat(engine.process(Engines.read(rules, List.of(second))))
        .singleElement().satisfies(detection -> assertThat(ids(detection)).containsExactly("x1", "x2"));
  }

  @Test
  void keysAreSeparateAndAMissingKeyIsCounted() {
    RuleSet rules = rule("now-9m");
    DetectionEngine engine = Engines.engine(rules);
    String noHost = "{\"@timestamp\":1,\"event\":{\"id\":\"x\",\"category\":\"network\"}}";

    List<Detection> detections = oneByOne(engine, rules, List.of(process("p", 0, "h1"), network("n", 1, "h2"),
        file("f", 2, "h1"), noHost));

    assertThat(detections).isEmpty();
    assertThat(engine.stats().discarded(Discard.MISSING_JOIN_KEY)).isEqualTo(1);
    assertThat(engine.stats().stageMatches("sample-rule", 1)).isEqualTo(2);
  }

  @Test
  void aKeysStateExpiresAfterTheLookBackAndLatenessWithoutEvents() {
    RuleSet rules = rule("now-9m");
    FakeTicker ticker = new FakeTicker();
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    oneByOne(engine, rules, List.of(process("p", 0, "h"), network("n", 1, "h")));
    assertThat(engine.estimatedKeys()).isEqualTo(1);

    ticker.advance(Duration.ofMinutes(9).plus(CorrelationSettings.DEFAULTS.allowedLateness()).plusMillis(1));
    engine.cleanUp();

    assertThat(engine.estimatedKeys()).isZero();
    assertThat(engine.stats().discarded(Discard.EXPIRED)).isEqualTo(1);
    assertThat(engine.stateHorizon()).isEqualTo(Duration.ofMinutes(9).plus(CorrelationSettings.DEFAULTS.allowedLateness()));
  }

  @Test
  void theLookBackIsTheRulesFromOrTheIdleTimeoutWhenFromIsNotRelative() {
    Duration fallback = Duration.ofMinutes(10);

    assertThat(SampleMatcher.lookBackMillis("now-9m", fallback)).isEqualTo(9 * MINUTE);
    assertThat(SampleMatcher.lookBackMillis("now-30s", fallback)).isEqualTo(30_000);
    assertThat(SampleMatcher.lookBackMillis("now-2h", fallback)).isEqualTo(120 * MINUTE);
    assertThat(SampleMatcher.lookBackMillis("now-1d", fallback)).isEqualTo(1440 * MINUTE);
    assertThat(SampleMatcher.lookBackMillis("2026-01-01T00:00:00Z", fallback)).isEqualTo(10 * MINUTE);
  }

  @Test
  void rulesWithoutSamplesKeepNoSampleState() {
    RuleSet rules = Engines.ruleOf("process where true");
    DetectionEngine engine = Engines.engine(rules);

    engine.process(Engines.read(rules, List.of(process("p", 0, "h"))));

    assertThat(engine.estimatedKeys()).isZero();
    assertThat(engine.stateHorizon()).isZero();
  }
}
