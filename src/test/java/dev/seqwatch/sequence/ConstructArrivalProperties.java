package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arrival order against one sorted pass (semantics §10.2) for the constructs whose meaning depends
 * on events outside the chain: {@code until} and missing events (§11). Events of two keys, at
 * distinct milliseconds within 1.5 s, arrive in any order and any split into batches; the
 * allowed lateness (5 s) covers them all.
 */
class ConstructArrivalProperties {

  private static final RuleSet UNTIL = TimelineSpecTest.RULE;
  private static final RuleSet MISSING = Engines.ruleOf("""
      sequence by k with maxspan=1s
        ![any where stage == "L"] [any where stage == "A"] ![any where stage == "M"]
        [any where stage == "B"] ![any where stage == "T"]
      """);
  /**
   * The same without the leading missing stage: a rule that keeps its keys' later-stage candidates
   * and middle and trailing times in the orphan log until a first stage makes a state (§10.3).
   */
  private static final RuleSet MISSING_NOT_LEADING = Engines.ruleOf("""
      sequence by k with maxspan=1s
        [any where stage == "A"] ![any where stage == "M"] [any where stage == "B"] ![any where stage == "T"]
      """);
  private static final long BASE_MILLIS = 1_770_000_000_000L;
  private static final List<String> UNTIL_STAGES = List.of("A", "B", "C", "U", "AB", "BC", "U");
  private static final List<String> MISSING_STAGES = List.of("A", "B", "A", "B", "L", "M", "T", "AB", "AT");

  /** One event: which stage letters (an index into the rule's list), which key, when, and its arrival rank. */
  record Planted(int stages, int key, int millis, int rank) {
  }

  @Provide
  Arbitrary<List<Planted>> events() {
    Arbitrary<Planted> planted = Combinators.combine(
        Arbitraries.integers().between(0, 8),
        Arbitraries.integers().between(1, 2),
        Arbitraries.integers().between(0, 1_500),
        Arbitraries.integers().between(0, 1_000)).as(Planted::new);
    return planted.list().ofMinSize(2).ofMaxSize(16).uniqueElements(Planted::millis);
  }

  @Provide
  Arbitrary<Set<Integer>> cuts() {
    return Arbitraries.integers().between(1, 16).set().ofMaxSize(16);
  }

  @Property(tries = 500)
  void untilInAnyArrivalOrderAndSplitGivesExactlyTheSortedPass(@ForAll("events") List<Planted> planted,
      @ForAll("cuts") Set<Integer> cuts) {
    List<String> sorted = documents(planted, UNTIL_STAGES, Comparator.comparingInt(Planted::millis));
    DetectionEngine once = Engines.engine(UNTIL);
    List<Detection> sortedPass = new ArrayList<>(once.process(Engines.read(UNTIL, sorted)));
    sortedPass.addAll(once.closeWindows());

    // Until events first, last, or anywhere: every arrival is within the allowed lateness, and a
    // chain of a rule with until is reported only once no until event can still cut it (§10.2).
    List<Batch> batches = arriveInBatches(UNTIL, documents(planted, UNTIL_STAGES,
        Comparator.comparingInt(Planted::rank)), cuts);

    List<Detection> detections = batches.stream().flatMap(batch -> batch.detections().stream()).toList();
    assertThat(chains(CorpusReplayTest.distinctById(detections))).containsExactlyInAnyOrderElementsOf(chains(sortedPass));
    assertThat(detections).allSatisfy(detection -> assertThat(detection.revises()).isEmpty());
  }

  @Property(tries = 500)
  void missingEventsConfirmExactlyTheSortedPassInAnyArrivalOrderAndSplit(
      @ForAll("events") List<Planted> planted, @ForAll("cuts") Set<Integer> cuts) {
    confirmsTheSortedPassInAnyArrivalOrderAndSplit(MISSING, planted, cuts);
  }

  @Property(tries = 500)
  void missingEventsOfKeysWithoutStateConfirmExactlyTheSortedPassInAnyArrivalOrderAndSplit(
      @ForAll("events") List<Planted> planted, @ForAll("cuts") Set<Integer> cuts) {
    confirmsTheSortedPassInAnyArrivalOrderAndSplit(MISSING_NOT_LEADING, planted, cuts);
  }

  private static void confirmsTheSortedPassInAnyArrivalOrderAndSplit(RuleSet rule, List<Planted> planted,
      Set<Integer> cuts) {
    List<String> sorted = documents(planted, MISSING_STAGES, Comparator.comparingInt(Planted::millis));
    DetectionEngine once = Engines.engine(rule);
    List<Detection> sortedPass = new ArrayList<>(once.process(Engines.read(rule, sorted)));
    sortedPass.addAll(once.closeWindows());

    List<Detection> detections = arriveInBatches(rule,
        documents(planted, MISSING_STAGES, Comparator.comparingInt(Planted::rank)), cuts).stream()
        .flatMap(batch -> batch.detections().stream()).toList();

    // A chain with missing stages is reported only once nothing can change it: never revised.
    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(chains(sortedPass));
    assertThat(detections).allSatisfy(detection -> assertThat(detection.revises()).isEmpty());
  }

  @Provide
  Arbitrary<List<Planted>> longerRuns() {
    // Over 6 s with a lateness of 200 ms: windows close while events still come, and old
    // missing-stage times are forgotten. Arrival is time plus a jitter below the lateness.
    Arbitrary<Planted> planted = Combinators.combine(
        Arbitraries.integers().between(0, 8),
        Arbitraries.integers().between(1, 2),
        Arbitraries.integers().between(0, 6_000),
        Arbitraries.integers().between(0, 199)).as((stages, key, millis, jitter) ->
            new Planted(stages, key, millis, millis + jitter));
    return planted.list().ofMinSize(2).ofMaxSize(40).uniqueElements(Planted::millis);
  }

  @Property(tries = 300)
  void missingEventsConfirmTheSortedPassAsWindowsCloseWithinTheLateness(
      @ForAll("longerRuns") List<Planted> planted, @ForAll("cuts") Set<Integer> cuts) {
    confirmsTheSortedPassAsWindowsClose(MISSING, planted, cuts);
  }

  @Property(tries = 300)
  void missingEventsOfKeysWithoutStateConfirmTheSortedPassAsWindowsCloseWithinTheLateness(
      @ForAll("longerRuns") List<Planted> planted, @ForAll("cuts") Set<Integer> cuts) {
    confirmsTheSortedPassAsWindowsClose(MISSING_NOT_LEADING, planted, cuts);
  }

  private static void confirmsTheSortedPassAsWindowsClose(RuleSet rule, List<Planted> planted, Set<Integer> cuts) {
    CorrelationSettings settings = CorrelationSettings.DEFAULTS.withAllowedLateness(java.time.Duration.ofMillis(200));
    List<String> sorted = documents(planted, MISSING_STAGES, Comparator.comparingInt(Planted::millis));
    DetectionEngine once = Engines.engine(rule, settings, new dev.seqwatch.testing.FakeTicker());
    List<Detection> sortedPass = new ArrayList<>(once.process(Engines.read(rule, sorted)));
    sortedPass.addAll(once.closeWindows());

    DetectionEngine engine = Engines.engine(rule, settings, new dev.seqwatch.testing.FakeTicker());
    List<String> arriving = documents(planted, MISSING_STAGES, Comparator.comparingInt(Planted::rank));
    List<Detection> detections = new ArrayList<>();
    int from = 0;
    for (int to = 1; to <= arriving.size(); to++) {
      if (to == arriving.size() || cuts.contains(to)) {
        detections.addAll(engine.process(Engines.read(rule, arriving.subList(from, to))));
        from = to;
      }
    }
    detections.addAll(engine.closeWindows());

    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(chains(sortedPass));
    assertThat(engine.stats().discarded(Discard.LATE)).isZero();
  }

  private static List<Planted> sorted(List<Planted> planted, Comparator<Planted> order) {
    return planted.stream().sorted(order.thenComparingInt(Planted::millis)).toList();
  }

  /** The detections of one batch and the arrival position just after its last event. */
  record Batch(List<Detection> detections, int end) {
  }

  /** Feeds the documents split at {@code cuts}; the end of input closes every window (last batch). */
  private static List<Batch> arriveInBatches(RuleSet rules, List<String> arriving, Set<Integer> cuts) {
    DetectionEngine engine = Engines.engine(rules);
    List<Batch> batches = new ArrayList<>();
    int from = 0;
    for (int to = 1; to <= arriving.size(); to++) {
      if (to == arriving.size() || cuts.contains(to)) {
        batches.add(new Batch(engine.process(Engines.read(rules, arriving.subList(from, to))), to));
        from = to;
      }
    }
    batches.add(new Batch(engine.closeWindows(), arriving.size()));
    return batches;
  }

  /** The events as documents, in the order {@code order} gives, ties by time. */
  private static List<String> documents(List<Planted> planted, List<String> stages, Comparator<Planted> order) {
    return sorted(planted, order).stream()
        .map(p -> TimelineSpecTest.event(stages.get(p.stages() % stages.size()) + p.millis() + "@k" + p.key()))
        .toList();
  }

  private static List<List<String>> chains(List<Detection> detections) {
    return detections.stream().map(ConstructArrivalProperties::chain).toList();
  }

  private static List<String> chain(Detection detection) {
    return detection.events().stream().map(Event::id).toList();
  }
}
