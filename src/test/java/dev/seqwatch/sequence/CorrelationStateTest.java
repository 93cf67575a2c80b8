package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** How the engine keeps, bounds and lets go of per-key state (semantics §10.3). */
class CorrelationStateTest {

  private static final RuleSet RULE = TimelineSpecTest.NO_UNTIL;
  private final FakeTicker ticker = new FakeTicker();

  private DetectionEngine engine(CorrelationSettings settings) {
    return Engines.engine(RULE, settings, ticker);
  }

  private static List<Detection> feed(DetectionEngine engine, String... tokens) {
    List<Detection> detections = new ArrayList<>();
    for (String token : tokens) {
      detections.addAll(engine.process(Engines.read(RULE, List.of(TimelineSpecTest.event(token)))));
    }
    return detections;
  }

  @Test
  void stateExpiresAfterMaxspanPlusLatenessWithoutNewEvents() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, "A0", "B100");

    ticker.advance(Duration.ofMillis(5_999));
    engine.cleanUp();
    assertThat(engine.estimatedKeys()).isEqualTo(1);

    // Expiry is exact for lookups; the timer wheel that removes entries in the background works
    // in buckets of about a second, so the count follows a little later.
    ticker.advance(Duration.ofMillis(2));
    assertThat(feed(engine, "C200")).isEmpty();
    ticker.advance(Duration.ofSeconds(8));
    engine.cleanUp();
    assertThat(engine.estimatedKeys()).isZero();
    assertThat(engine.stats().discarded(Discard.EXPIRED)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void eachNewEventRestartsTheKeysIdleTime() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, "A0");
    ticker.advance(Duration.ofSeconds(5));
    feed(engine, "B100");
    ticker.advance(Duration.ofSeconds(5));
    engine.cleanUp();

    assertThat(feed(engine, "C200")).hasSize(1);
  }

  @Test
  void zeroLatenessExpiresStateAfterMaxspan() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ZERO));
    feed(engine, "A0", "B100");

    ticker.advance(Duration.ofMillis(1_001));
    assertThat(feed(engine, "C200")).isEmpty();
    ticker.advance(Duration.ofSeconds(3));
    engine.cleanUp();

    assertThat(engine.estimatedKeys()).isZero();
  }

  @Test
  void stateStaysUnderItsMaximumWeightHoweverManyKeysArrive() {
    long bound = 256 * 1024;
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS.withMaximumWeightBytes(bound));

    for (int batch = 0; batch < 50; batch++) {
      List<String> documents = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        documents.add(TimelineSpecTest.event("A0@key-" + batch + "-" + i));
      }
      engine.process(Engines.read(RULE, documents));
    }
    engine.cleanUp();

    // A key with one small candidate weighs a few hundred bytes, so the bound holds about a
    // thousand keys; the other 49,000 were evicted and counted.
    assertThat(engine.estimatedKeys()).isBetween(100L, 2_000L);
    assertThat(engine.stats().discarded(Discard.EVICTED_BY_SIZE)).isGreaterThan(45_000);
  }

  @Test
  void eventsWithoutJoinKeysAreCountedAndIgnored() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);

    assertThat(feed(engine, "A0@-", "B100@-", "C200@-")).isEmpty();
    assertThat(engine.stats().discarded(Discard.MISSING_JOIN_KEY)).isEqualTo(3);
    assertThat(engine.estimatedKeys()).isZero();
  }

  @Test
  void eventsLaterThanTheAllowedLatenessAreCounted() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);

    feed(engine, "A10000", "A0", "B4999", "B5000");

    assertThat(engine.stats().discarded(Discard.LATE)).isEqualTo(2);
  }

  @Test
  void maxspanRejectionsAreCounted() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);

    feed(engine, "A0", "B1200", "C1300");

    assertThat(engine.stats().discarded(Discard.MAXSPAN)).isEqualTo(1);
  }

  @Test
  void aKeyKeepsAtMostTheConfiguredNumberOfCandidates() {
    CorrelationSettings settings = new CorrelationSettings(Duration.ofSeconds(5), 1L << 30, 4, Duration.ofMinutes(1));
    DetectionEngine engine = engine(settings);

    feed(engine, "A0", "A1", "A2", "A3", "A4", "A5", "B6", "C7");

    assertThat(engine.stats().discarded(Discard.WINDOW_OVERFLOW)).isEqualTo(4);
    assertThat(engine.stats().detections()).isEqualTo(1);
  }

  /**
   * Many threads, one key: each thread's chains are split over many small batches in shuffled
   * order, interleaved with the other threads' batches on the same key. Chains lie 2 s apart (more
   * than the 1 s maxspan), so no two combine; the lateness covers the whole run, so no event is
   * late and every re-run sees every chain. Every chain is found exactly once.
   */
  @Test
  void concurrentBatchesOnOneKeyFindEveryChainExactlyOnce() throws Exception {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ofHours(1)));
    int threads = 4;
    int chainsPerThread = 15; // 60 chains: within the 64 reported chains a key remembers (KeyState)
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    List<Future<List<List<String>>>> results = new ArrayList<>();
    for (int thread = 0; thread < threads; thread++) {
      int t = thread;
      results.add(pool.submit(() -> {
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < chainsPerThread; c++) {
          long at = (long) (c * threads + t) * 2_000;
          tokens.addAll(List.of("A" + at + "@shared", "B" + (at + 1) + "@shared", "C" + (at + 2) + "@shared"));
        }
        java.util.Collections.shuffle(tokens, new java.util.Random(t));
        List<List<String>> found = new ArrayList<>();
        start.await();
        java.util.Random sizes = new java.util.Random(100 + t);
        for (int i = 0; i < tokens.size(); ) {
          int size = Math.min(1 + sizes.nextInt(3), tokens.size() - i);
          List<String> batch = tokens.subList(i, i + size).stream().map(TimelineSpecTest::event).toList();
          for (Detection detection : engine.process(Engines.read(RULE, batch))) {
            found.add(detection.events().stream().map(event -> event.id()).toList());
          }
          i += size;
        }
        return found;
      }));
    }
    List<List<String>> found = new ArrayList<>();
    for (Future<List<List<String>>> result : results) {
      found.addAll(result.get());
    }
    pool.shutdown();

    List<List<String>> expected = new ArrayList<>();
    for (int chain = 0; chain < threads * chainsPerThread; chain++) {
      long at = chain * 2_000L;
      expected.add(List.of("A" + at + "@shared", "B" + (at + 1) + "@shared", "C" + (at + 2) + "@shared"));
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(engine.stats().detections()).isEqualTo(expected.size());
  }

  /**
   * Each stage of a key's chain comes on its own thread at once, so a later stage often arrives
   * while the first is making the key's state: whichever wins the key, the later stage is an orphan
   * taken into the new state or a candidate of it, and the chain is found once. Three threads, one
   * per stage, meet before each key.
   */
  @Test
  void stagesOfOneKeyArrivingAtOnceOnThreeThreadsCompleteEveryChainOnce() throws Exception {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ofHours(1)));
    int keys = 4_000;
    List<String> stages = List.of("A", "B", "C");
    ExecutorService pool = Executors.newFixedThreadPool(stages.size());
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(stages.size());
    List<Future<List<String>>> results = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      int offset = s;
      results.add(pool.submit(() -> {
        List<String> found = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
          start.await();
          String token = stages.get(offset) + (key * 10L + offset) + "@key" + key;
          for (Detection detection : engine.process(Engines.read(RULE, List.of(TimelineSpecTest.event(token))))) {
            found.add(detection.joinKeys().get(0).toString());
          }
        }
        return found;
      }));
    }
    List<String> found = new ArrayList<>();
    for (Future<List<String>> result : results) {
      found.addAll(result.get());
    }
    pool.shutdown();

    List<String> expected = new ArrayList<>();
    for (int key = 0; key < keys; key++) {
      expected.add("key" + key);
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }
}
