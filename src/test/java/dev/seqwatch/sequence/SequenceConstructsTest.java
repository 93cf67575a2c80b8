package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timelines for {@code with runs=N} (semantics §12) and missing events (§11), written from
 * Elasticsearch's expansion of runs and its {@code checkMissingEvents} verdict. Events use the
 * tokens of {@code timelines.spec} (stages, ms, key); each arrives in a batch of its own, in the
 * order written, and the input ends after the last one ({@link DetectionEngine#closeWindows}).
 */
class SequenceConstructsTest {

  private static final Map<String, RuleSet> RULES = Map.of(
      "runs", Engines.ruleOf("sequence by k with maxspan=1s [any where stage == \"A\"] with runs=3"
          + " [any where stage == \"B\"]"),
      "middle", Engines.ruleOf("sequence by k with maxspan=1s [any where stage == \"A\"]"
          + " ![any where stage == \"M\"] [any where stage == \"B\"]"),
      "leading", Engines.ruleOf("sequence by k with maxspan=1s ![any where stage == \"M\"]"
          + " [any where stage == \"A\"] [any where stage == \"B\"]"),
      "trailing", Engines.ruleOf("sequence by k with maxspan=1s [any where stage == \"A\"]"
          + " [any where stage == \"B\"] ![any where stage == \"M\"]"),
      "ends", Engines.ruleOf("sequence by k with maxspan=1s ![any where stage == \"M\"]"
          + " [any where stage == \"A\"] ![any where stage == \"N\"]"),
      "single", Engines.ruleOf("sequence by k with maxspan=1s [any where stage == \"A\"]"
          + " ![any where stage == \"M\"]"),
      "optional", Engines.ruleOf("sequence by ?k [any where stage == \"A\"] [any where stage == \"B\"]"),
      "mandatory", Engines.ruleOf("sequence by k [any where stage == \"A\"] [any where stage == \"B\"]"));

  /** Rule, events in arrival order, the chains found in that order (";" between chains). */
  private static final String[] TIMELINES = {
      // with runs=3 is the stage written three times (§12)
      "runs     | A0 A100 A200 B300           | A0 A100 A200 B300",
      "runs     | A0 A100 B200                | none",
      "runs     | A0 A100 A200 A300 B400      | A100 A200 A300 B400",
      "runs     | A0 A100 A200 B1001          | none",
      "runs     | B300 A200 A0 A100           | A0 A100 A200 B300",
      "runs     | A0@k1 A50@k2 A100@k1 A150@k2 A200@k1 B300@k2 B400@k1 | A0 A100 A200 B400",
      // a middle missing event strictly between its neighbours vetoes the chain (§11.3)
      "middle   | A0 M50 B100                 | none",
      "middle   | A0 B100 M150                | A0 B100",
      "middle   | A0 M0 B100                  | A0 B100",
      "middle   | A0 M100 B100                | A0 B100",
      "middle   | M50 A0 B100                 | none",
      "middle   | B100 M50 A0                 | none",
      "middle   | A0 M50@k2 B100              | A0 B100",
      // a leading missing event vetoes when it and the chain fit in maxspan (§11.4)
      "leading  | M0 A500 B900                | none",
      "leading  | M0 A500 B1001               | A500 B1001",
      "leading  | M500 A500 B900              | A500 B900",
      "leading  | A500 B900 M0                | none",
      "leading  | A500 B900                   | A500 B900",
      // a trailing missing event vetoes when it comes within maxspan of the first event (§11.4)
      "trailing | A0 B100 M500                | none",
      "trailing | A0 B100 M1000               | none",
      "trailing | A0 B100 M1001               | A0 B100",
      "trailing | A0 B100 M100                | A0 B100",
      "trailing | M500 A0 B100                | none",
      "trailing | A0 B100                     | A0 B100",
      "trailing | A0 B100 A200 B300 M1100     | A0 B100",
      // missing at both ends: vetoed only when both occur within maxspan of each other (§11.4)
      "ends     | A500                        | A500",
      "ends     | M0 A500 N900                | none",
      "ends     | M0 A500 N1001               | A500",
      "ends     | M0 A500                     | A500",
      "ends     | A500 N900                   | A500",
      // one positive stage: every match is a chain of one (§11.2)
      "single   | A0 M500                     | none",
      "single   | A0 M1500                    | A0",
      "single   | A0 A200 M1100               | A0",
      // optional join keys: a missing value is null and joins with null (§3.6)
      "optional | A0@- B100@-                 | A0@- B100@-",
      "optional | A0@- B100@k1                | none",
      "mandatory | A0@- B100@-                | none",
  };

  static Stream<Arguments> timelines() {
    return Arrays.stream(TIMELINES)
        .map(row -> Arguments.of((Object[]) Arrays.stream(row.split("\\|")).map(String::trim).toArray()));
  }

  /** Each event in a batch of its own, in the order written. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("timelines")
  void timeline(String rule, String events, String expected) {
    RuleSet rules = RULES.get(rule);
    DetectionEngine engine = Engines.engine(rules);
    List<Detection> detections = new ArrayList<>();
    for (String token : events.trim().split("\\s+")) {
      detections.addAll(engine.process(Engines.read(rules, List.of(TimelineSpecTest.event(token)))));
    }
    detections.addAll(engine.closeWindows());

    assertThat(chains(detections)).containsExactlyElementsOf(chains(expected));
  }

  /** The same timelines sent as one batch, which the engine sorts (§10.1): the same chains. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("timelines")
  void timelineInOneBatch(String rule, String events, String expected) {
    RuleSet rules = RULES.get(rule);
    DetectionEngine engine = Engines.engine(rules);
    List<String> batch = Arrays.stream(events.trim().split("\\s+")).map(TimelineSpecTest::event).toList();
    List<Detection> detections = new ArrayList<>(engine.process(Engines.read(rules, batch)));
    detections.addAll(engine.closeWindows());

    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(chains(expected));
  }

  private static List<String> chains(List<Detection> detections) {
    return detections.stream()
        .map(detection -> TimelineSpecTest.describe(detection.events().stream().map(Event::id).toList()))
        .toList();
  }

  private static List<String> chains(String expected) {
    return expected.equals("none") ? List.of() : Arrays.stream(expected.split(";")).map(String::trim).toList();
  }

  @Test
  void aTrailingMissingChainIsConfirmedByTheEventThatMovesItsKeysTimePastMaxspanAndLateness() {
    RuleSet rules = RULES.get("trailing");
    DetectionEngine engine = Engines.engine(rules);
    engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A0"), TimelineSpecTest.event("B100"))));

    // First + maxspan + lateness = 0 + 1000 + 5000: one more millisecond of this key's time closes it.
    assertThat(engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A6000"))))).isEmpty();
    List<Detection> closing = engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A6001"))));

    assertThat(closing).singleElement().satisfies(detection ->
        assertThat(detection.events()).extracting(Event::id).containsExactly("A0@k1", "B100@k1"));
    assertThat(engine.closeWindows()).isEmpty();
  }

  @Test
  void anotherKeysTimeDoesNotCloseTheWindow() {
    RuleSet rules = RULES.get("trailing");
    DetectionEngine engine = Engines.engine(rules);
    engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A0"), TimelineSpecTest.event("B100"))));

    assertThat(engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A9000@k2"))))).isEmpty();
  }

  @Test
  void aPendingChainIsConfirmedToTheListenerWhenItsKeyExpiresOnTheWallClock() {
    RuleSet rules = RULES.get("trailing");
    FakeTicker ticker = new FakeTicker();
    List<Detection> expired = new ArrayList<>();
    DetectionEngine engine = withPendingChainOfK1(rules, ticker, expired);

    ticker.advance(Duration.ofMillis(5_999));
    engine.cleanUp();
    assertThat(expired).isEmpty();
    ticker.advance(Duration.ofSeconds(10));
    engine.cleanUp();

    assertThat(expired).singleElement().satisfies(detection ->
        assertThat(detection.events()).extracting(Event::id).containsExactly("A0@k1", "B100@k1"));
    assertThat(engine.stats().discarded(Discard.EXPIRED)).isEqualTo(1);
  }

  @Test
  void aKeyThatExpiredBeforeABatchIsConfirmedToTheListenerWhenThatBatchReturns() {
    RuleSet rules = RULES.get("trailing");
    FakeTicker ticker = new FakeTicker();
    List<Detection> expired = new ArrayList<>();
    DetectionEngine engine = withPendingChainOfK1(rules, ticker, expired);
    ticker.advance(Duration.ofSeconds(20));

    // Another key's batch writes to the rule's cache; the maintenance it asks for runs at its end.
    engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A20000@k2"))));

    assertThat(expired).singleElement().satisfies(detection ->
        assertThat(detection.events()).extracting(Event::id).containsExactly("A0@k1", "B100@k1"));
  }
  /**
   * An engine on the wall clock of {@code ticker} whose expiry listener adds to {@code expired}, fed
   * A0 and B100 of key k1: a chain pending its trailing missing-event check.
   */
  private static DetectionEngine withPendingChainOfK1(RuleSet rules, FakeTicker ticker, List<Detection> expired) {
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    engine.onExpiry(expired::addAll);
    engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A0"), TimelineSpecTest.event("B100"))));
    return engine;
  }


  @Test
  void aVetoedChainIsNotConfirmedOnExpiry() {
    RuleSet rules = RULES.get("trailing");
    FakeTicker ticker = new FakeTicker();
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    List<Detection> expired = new ArrayList<>();
    engine.onExpiry(expired::addAll);
    engine.process(Engines.read(rules, List.of(TimelineSpecTest.event("A0"), TimelineSpecTest.event("B100"),
        TimelineSpecTest.event("M900"))));

    ticker.advance(Duration.ofSeconds(20));
    engine.cleanUp();

    assertThat(expired).isEmpty();
  }

  @Test
  void partitionEnginesShareTheExpiryListener() {
    RuleSet rules = RULES.get("trailing");
    FakeTicker ticker = new FakeTicker();
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    List<Detection> expired = new ArrayList<>();
    engine.onExpiry(expired::addAll);
    DetectionEngine sibling = engine.partition(rules, CorrelationSettings.DEFAULTS, null);
    sibling.process(Engines.read(rules, List.of(TimelineSpecTest.event("A0"), TimelineSpecTest.event("B100"))));

    ticker.advance(Duration.ofSeconds(20));
    sibling.cleanUp();

    assertThat(expired).hasSize(1);
  }

  @Test
  void sequencesOfMoreThan64StagesKeepEveryStageApart() {
    // Stage 64 and beyond must not share a bit with stage 0: 71 events of A alone are no chain.
    RuleSet rules = Engines.ruleOf("sequence by k [any where stage == \"Z\"] [any where stage == \"A\"] with runs=70");
    List<String> onlyA = new ArrayList<>();
    for (int i = 1; i <= 71; i++) {
      onlyA.add(TimelineSpecTest.event("A" + i));
    }
    assertThat(Engines.engine(rules).process(Engines.read(rules, onlyA))).isEmpty();

    List<String> withZ = new ArrayList<>(List.of(TimelineSpecTest.event("Z0")));
    withZ.addAll(onlyA.subList(0, 70));
    List<Detection> detections = Engines.engine(rules).process(Engines.read(rules, withZ));

    assertThat(detections).singleElement().satisfies(detection -> {
      assertThat(detection.events()).hasSize(71);
      assertThat(detection.events().get(0).id()).isEqualTo("Z0@k1");
      assertThat(detection.events().get(70).id()).isEqualTo("A70@k1");
    });
  }

  @Test
  void aMultiValuedKeyJoinsUnderEachOfItsValues() {
    RuleSet rules = RULES.get("mandatory");
    List<String> events = List.of(
        document("a1", 0, "A", "[\"1234\", \"599999\"]"),
        document("b1", 100, "B", "\"599999\""),
        document("b2", 200, "B", "\"1234\""));

    List<Detection> detections = Engines.engine(rules).process(Engines.read(rules, events));

    assertThat(detections).extracting(SequenceConstructsTest::summary)
        .containsExactly("[599999] a1 b1", "[1234] a1 b2");
  }

  @Test
  void duplicateValuesJoinOnceAndNullsInAnArrayAreDropped() {
    RuleSet rules = RULES.get("mandatory");
    List<String> events = List.of(
        document("a1", 0, "A", "[\"x\", \"x\", null]"),
        document("b1", 100, "B", "[null, \"x\"]"),
        document("a2", 200, "A", "[null]"),
        document("b2", 300, "B", "[null]"));

    List<Detection> detections = Engines.engine(rules).process(Engines.read(rules, events));

    assertThat(detections).extracting(SequenceConstructsTest::summary).containsExactly("[x] a1 b1");
  }

  @Test
  void twoMultiValuedKeysJoinUnderTheirCartesianProduct() {
    RuleSet rules = Engines.ruleOf("sequence by k, j [any where stage == \"A\"] [any where stage == \"B\"]");
    List<String> events = List.of(
        "{\"@timestamp\":\"2026-02-02T00:00:00Z\",\"event\":{\"id\":\"a1\"},\"stage\":\"A\",\"k\":[\"k1\",\"k2\"],"
            + "\"j\":[\"j1\",\"j2\"]}",
        "{\"@timestamp\":\"2026-02-02T00:00:01Z\",\"event\":{\"id\":\"b1\"},\"stage\":\"B\",\"k\":\"k2\",\"j\":\"j1\"}",
        "{\"@timestamp\":\"2026-02-02T00:00:02Z\",\"event\":{\"id\":\"b2\"},\"stage\":\"B\",\"k\":[\"k1\",\"k2\"],"
            + "\"j\":\"j2\"}");

    List<Detection> detections = Engines.engine(rules).process(Engines.read(rules, events));

    assertThat(detections).extracting(SequenceConstructsTest::summary)
        .containsExactly("[k2, j1] a1 b1", "[k1, j2] a1 b2", "[k2, j2] a1 b2");
  }

  private static String document(String id, int millis, String stage, String key) {
    return "{\"@timestamp\":\"2026-02-02T00:00:00." + String.format("%03d", millis) + "Z\",\"event\":{\"id\":\""
        + id + "\"},\"stage\":\"" + stage + "\",\"k\":" + key + "}";
  }

  private static String summary(Detection detection) {
    return detection.joinKeys() + " " + detection.events().stream().map(Event::id).collect(Collectors.joining(" "));
  }
}
