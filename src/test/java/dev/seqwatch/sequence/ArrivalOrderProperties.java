package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arrival-order guarantees of semantics §10.2 over random event sets made from the corpus'
 * events, re-keyed onto a few hosts and processes and re-timed within a few seconds.
 */
class ArrivalOrderProperties {

  private static final RuleSet SEED = Engines.seedRules();
  private static final JsonMapper JSON = new JsonMapper();
  private static final List<ObjectNode> STAGE_EVENTS = new ArrayList<>();
  private static final List<ObjectNode> NOISE = new ArrayList<>();
  private static final List<ObjectNode> TEMPLATES = templates();
  private static final Instant BASE = Instant.parse("2026-03-02T08:00:00Z");
  private static final long LATENESS_MS = 1_000;

  /** One generated event: which template, which of three keys, and its offset in ms. */
  record Planted(int template, int key, int offsetMillis, int jitterMillis) {
  }

  @Provide
  Arbitrary<List<Planted>> eventSets() {
    // Four in five events come from the corpus' expected chains, so that chains form often.
    Arbitrary<Integer> template = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, STAGE_EVENTS.size() - 1)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(STAGE_EVENTS.size(), TEMPLATES.size() - 1)));
    Arbitrary<Planted> planted = Combinators.combine(
        template,
        Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 1_500),
        Arbitraries.integers().between(0, (int) LATENESS_MS - 1)).as(Planted::new);
    return planted.list().ofMinSize(3).ofMaxSize(30);
  }

  @Property(tries = 300)
  void anySplitOfTimeOrderedEventsGivesTheSortedPass(@ForAll("eventSets") List<Planted> planted,
      @ForAll("cuts") Set<Integer> cuts) {
    List<String> ordered = documents(planted, Comparator.comparingInt(Planted::offsetMillis));
    List<List<String>> sortedPass = chains(engine().process(Engines.read(SEED, ordered)));

    DetectionEngine engine = engine();
    List<Detection> split = new ArrayList<>();
    int from = 0;
    for (int to = 1; to <= ordered.size(); to++) {
      if (to == ordered.size() || cuts.contains(to)) {
        split.addAll(engine.process(Engines.read(SEED, ordered.subList(from, to))));
        from = to;
      }
    }

    assertThat(chains(split)).containsExactlyElementsOf(sortedPass);
    assertThat(split).allSatisfy(detection -> assertThat(detection.revises()).isEmpty());
  }

  @Provide
  Arbitrary<Set<Integer>> cuts() {
    return Arbitraries.integers().between(1, 30).set().ofMaxSize(30);
  }

  @Property(tries = 1000)
  void anyArrivalWithinLatenessReportsTheSortedPassOnceAndOnlyValidChains(
      @ForAll("eventSets") List<Planted> planted) {
    // Arriving in the order of timestamp + jitter, with jitter below the lateness, keeps every
    // event within the allowed lateness of the newest one before it.
    List<String> arriving = documents(planted,
        Comparator.comparingInt(p -> p.offsetMillis() + p.jitterMillis()));
    // The events carry no event.sequence, so events of the same millisecond are ordered by
    // arrival (semantics §10.1): the sorted pass is one batch of the events in arrival order.
    List<List<String>> sortedPass = chains(engine().process(Engines.read(SEED, arriving)));

    DetectionEngine engine = engine();
    List<Detection> detections = new ArrayList<>();
    for (String document : arriving) {
      detections.addAll(engine.process(Engines.read(SEED, List.of(document))));
    }

    List<List<String>> reported = chains(CorpusReplayTest.distinctById(detections));
    for (List<String> chain : sortedPass) {
      assertThat(reported).as("sorted-pass chain %s", chain).containsOnlyOnce(chain);
    }
    assertThat(detections).allSatisfy(ArrivalOrderProperties::assertValidChain);
    RevisionCheck.assertExtrasAreRevised(detections, sortedPass);
    assertThat(engine.stats().discarded(Discard.LATE)).isZero();
  }

  @Example
  void generatedEventSetsOftenHoldChains() {
    long withChains = eventSets().sampleStream().limit(200)
        .filter(planted -> !engine().process(Engines.read(SEED,
            documents(planted, Comparator.comparingInt(Planted::offsetMillis)))).isEmpty())
        .count();

    assertThat(withChains).as("sets out of 200 whose sorted pass has a chain").isGreaterThanOrEqualTo(40);
  }

  private static void assertValidChain(Detection detection) {
    SequencePlan plan = (SequencePlan) detection.rule().plan();
    // A detection's events keep their documents, not the rules' fields: read them again, as an
    // alert's consumer would.
    List<Event> events = Engines.read(SEED, detection.events().stream().map(e -> e.source().toString()).toList());
    assertThat(events).hasSize(plan.stages().size());
    for (int stage = 0; stage < events.size(); stage++) {
      assertThat(plan.stages().get(stage).predicate().test(events.get(stage).values())).isTrue();
      if (stage > 0) {
        assertThat(events.get(stage).timestamp()).isGreaterThanOrEqualTo(events.get(stage - 1).timestamp());
      }
      for (int slot : plan.stages().get(stage).keySlots()) {
        assertThat(events.get(stage).values()[slot]).isEqualTo(events.get(0).values()[slot]);
      }
    }
    assertThat(detection.lastTimestamp() - detection.firstTimestamp()).isLessThanOrEqualTo(plan.maxspanMillis());
  }

  private static DetectionEngine engine() {
    return Engines.engine(SEED,
        CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ofMillis(LATENESS_MS)), new FakeTicker());
  }

  private static List<String> documents(List<Planted> planted, Comparator<Planted> order) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < planted.size(); i++) {
      indexes.add(i);
    }
    indexes.sort(Comparator.comparing((Integer i) -> planted.get(i), order).thenComparingInt(i -> i));
    List<String> documents = new ArrayList<>();
    for (int i : indexes) {
      Planted p = planted.get(i);
      ObjectNode event = TEMPLATES.get(p.template()).deepCopy();
      event.put("@timestamp", BASE.plusMillis(p.offsetMillis()).toString());
      ((ObjectNode) event.get("event")).put("id", "e" + i);
      ((ObjectNode) event.get("event")).remove("sequence");
      ((ObjectNode) event.get("host")).put("id", "host-" + p.key() / 2);
      ((ObjectNode) event.get("process")).put("entity_id", "entity-" + p.key() % 2);
      documents.add(JSON.writeValueAsString(event));
    }
    return documents;
  }

  private static List<List<String>> chains(List<Detection> detections) {
    return CorpusReplayTest.chains(detections);
  }

  /** Corpus events written as nested JSON: the events of expected chains first, then the rest. */
  private static List<ObjectNode> templates() {
    Set<String> seen = new HashSet<>();
    for (Corpus.Scenario scenario : Corpus.scenarios()) {
      Set<String> chainIds = new HashSet<>();
      scenario.expected().forEach(chainIds::addAll);
      for (String document : scenario.events()) {
        JsonNode node = JSON.readTree(document);
        if (node.get("event") instanceof ObjectNode && node.get("host") instanceof ObjectNode
            && node.get("process") instanceof ObjectNode && seen.add(document)) {
          boolean stage = chainIds.contains(node.get("event").get("id").asString());
          (stage ? STAGE_EVENTS : NOISE).add((ObjectNode) node);
        }
      }
    }
    List<ObjectNode> templates = new ArrayList<>(STAGE_EVENTS);
    templates.addAll(NOISE);
    return templates;
  }
}
