package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Corpus.Scenario;
import dev.seqwatch.testing.Engines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every labelled scenario of the corpus against fresh state, in each delivery the corpus
 * README names: all events in one batch, one event per batch, and shuffled one per batch.
 */
class CorpusReplayTest {

  private static final RuleSet SEED = Engines.seedRules();
  private static final int SHUFFLES = 25;

  static Stream<Scenario> scenarios() {
    return Corpus.scenarios().stream();
  }

  static Stream<Arguments> shuffledScenarios() {
    return Corpus.scenarios().stream()
        .flatMap(scenario -> Stream.iterate(1L, seed -> seed + 1).limit(SHUFFLES)
            .map(seed -> Arguments.of(scenario, seed)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void oneBatchGivesExactlyTheExpectedChains(Scenario scenario) {
    DetectionEngine engine = Engines.engine(SEED);

    List<Detection> detections = engine.process(Engines.read(SEED, scenario.events()));

    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(scenario.expected());
    assertThat(detections).allSatisfy(detection -> assertThat(detection.revises()).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void oneEventPerBatchGivesExactlyTheExpectedChains(Scenario scenario) {
    DetectionEngine engine = Engines.engine(SEED);
    List<Detection> detections = new ArrayList<>();

    for (String event : scenario.events()) {
      detections.addAll(engine.process(Engines.read(SEED, List.of(event))));
    }

    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(scenario.expected());
  }

  /**
   * Batches whose values arrays go back to the reader as soon as the engine is done with them, as
   * the events endpoint gives them back: chains spanning batches are still found, so the engine
   * keeps nothing of an event but its detached copy.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void batchesGivenBackToTheReaderGiveExactlyTheExpectedChains(Scenario scenario) {
    DetectionEngine engine = Engines.engine(SEED);
    EventReader reader = new EventReader(SEED.schema());
    List<Detection> detections = new ArrayList<>();

    List<String> events = scenario.events();
    for (int from = 0; from < events.size(); from += 3) {
      byte[] body = String.join("\n", events.subList(from, Math.min(events.size(), from + 3)))
          .getBytes(StandardCharsets.UTF_8);
      List<Event> batch = reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
      detections.addAll(engine.process(batch));
      reader.recycle(batch);
    }

    assertThat(chains(detections)).containsExactlyInAnyOrderElementsOf(scenario.expected());
  }

  @ParameterizedTest(name = "{0} shuffled with seed {1}")
  @MethodSource("shuffledScenarios")
  void shuffledDeliveryReportsEveryExpectedChainOnceAndOnlyRevisionsBesides(Scenario scenario, long seed) {
    List<String> events = new ArrayList<>(scenario.events());
    Collections.shuffle(events, new Random(seed));
    DetectionEngine engine = Engines.engine(SEED);
    List<Detection> detections = new ArrayList<>();

    for (String event : events) {
      detections.addAll(engine.process(Engines.read(SEED, List.of(event))));
    }

    // A re-run may find a chain again through duplicate events: same alert id, which the alert
    // store keeps once. Count alerts as the store does, by id.
    List<List<String>> chains = chains(distinctById(detections));
    for (List<String> expected : scenario.expected()) {
      assertThat(chains).as("expected chain %s", expected).containsOnlyOnce(expected);
    }
    RevisionCheck.assertExtrasAreRevised(detections, scenario.expected());
  }

  static List<Detection> distinctById(List<Detection> detections) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return detections.stream().filter(detection -> seen.add(detection.id())).toList();
  }

  static List<List<String>> chains(List<Detection> detections) {
    return detections.stream()
        .map(detection -> detection.events().stream().map(Event::id).toList())
        .toList();
  }
}
