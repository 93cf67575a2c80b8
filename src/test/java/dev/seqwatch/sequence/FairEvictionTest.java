package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bound is divided fairly among rules: when a noisy rule fills it, the noisy rule gives up its
 * state, and a quiet rule's partial chain survives and completes.
 */
class FairEvictionTest {

  private static final long BOUND = 200_000;
  private static final String PADDING = "p".repeat(1_000);

  private final FakeTicker ticker = new FakeTicker();
  private final RuleSet rules = RuleCompiler.compile(List.of(
      // Every process event is a candidate of its own key: state grows with the traffic.
      Engines.ruleSource("noisy", "sequence by host.id, process.pid with maxspan=1m "
          + "[process where process.name == \"sh\"] [process where true]"),
      Engines.ruleSource("noisy-too", "sequence by host.id, process.pid with maxspan=1m "
          + "[process where process.name == \"bash\"] [process where true]"),
      Engines.ruleSource("quiet", "sequence by host.id with maxspan=1m "
          + "[process where process.name == \"nc\"] [network where true]")));
  private final DetectionEngine engine = Engines.engine(rules,
      CorrelationSettings.DEFAULTS.withMaximumWeightBytes(BOUND), ticker);

  private static String event(String category, long millis, String host, String name, int pid) {
    return "{\"@timestamp\":\"" + Instant.ofEpochMilli(1_770_000_000_000L + millis) + "\",\"event\":{\"id\":\""
        + category + millis + host + pid + "\",\"category\":[\"" + category + "\"]},\"host\":{\"id\":\"" + host
        + "\"},\"process\":{\"name\":\"" + name + "\",\"pid\":" + pid + "},\"padding\":\"" + PADDING + "\"}";
  }

  private List<Detection> batch(int from, int count) {
    List<String> documents = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      documents.add(event("process", i, "busy", "sh", i));
    }
    return engine.process(Engines.read(rules, documents));
  }

  private long noisyBytes() {
    return engine.stats().rule("noisy").bytes() + engine.stats().rule("noisy-too").bytes();
  }

  @Test
  void aNoisyRuleFillingTheBoundIsEvictedWhileAQuietRulesChainSurvives() {
    engine.process(Engines.read(rules, List.of(event("process", 0, "quiet-host", "nc", 1))));
    for (int from = 1; from < 3_000; from += 20) {
      batch(from, 20);
    }
    List<Detection> found = engine.process(Engines.read(rules,
        List.of(event("network", 3_100, "quiet-host", "nc", 1))));

    assertThat(found).extracting(detection -> detection.rule().id()).containsExactly("quiet");
    assertThat(engine.stats().rule("quiet").discarded(Discard.EVICTED_BY_SIZE)).isZero();
    assertThat(engine.stats().rule("noisy").discarded(Discard.EVICTED_BY_SIZE)).isPositive();
    assertThat(engine.stats().rule("noisy-too").discarded(Discard.EVICTED_BY_SIZE)).isPositive();
    // Both noisy rules could fill the bound alone: together they are held to it, give or take what
    // one batch of 20 events adds before the next rebalance.
    long held = engine.stats().rules().stream().mapToLong(RuleStats::bytes).sum();
    assertThat(held).isLessThanOrEqualTo(BOUND + 20 * 3 * (PADDING.length() + 1_000L));
  }

  @Test
  void capsAreLiftedOnceTheStateIsBackUnderTheBound() {
    List<String> quietPartials = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      quietPartials.add(event("process", 0, "quiet-" + i, "nc", 1));
    }
    engine.process(Engines.read(rules, quietPartials));
    long quietBytes = engine.stats().rule("quiet").bytes();
    for (int from = 1; from < 3_000; from += 20) {
      batch(from, 20);
    }
    long evictedBefore = engine.stats().discarded(Discard.EVICTED_BY_SIZE);
    assertThat(evictedBefore).isPositive();
    // Every key expires; then the noisy rules alone may use the whole bound again, more than the
    // shares they were capped at while the quiet rule held its partials.
    ticker.advance(java.time.Duration.ofMinutes(5));
    engine.cleanUp();
    batch(10_000, 1);

    for (int next = 20_000; noisyBytes() < BOUND - quietBytes / 2; next += 5) {
      assertThat(next).as("noisy bytes %d, quiet had %d", noisyBytes(), quietBytes).isLessThan(21_000);
      batch(next, 5);
    }

    assertThat(engine.stats().discarded(Discard.EVICTED_BY_SIZE)).isEqualTo(evictedBefore);
  }
}
