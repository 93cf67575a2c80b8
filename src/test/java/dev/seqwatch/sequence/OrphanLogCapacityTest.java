package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.testing.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the orphan log's ring keeps its slots: through a lull, after which the rule fills it again,
 * it keeps them; once it has stayed under an eighth full for a whole time to live, it gives them
 * back. What it holds is {@link OrphanLogProperties}' concern.
 */
class OrphanLogCapacityTest {

  private static final long TTL = 1_000;
  private static final SequenceRule RULE = rule();

  private static SequenceRule rule() {
    CompiledRule compiled = Engines.ruleOf("sequence by host.id with maxspan=1m [process where true] "
        + "[network where true]").rules().get(0);
    return new SequenceRule(compiled, (SequencePlan) compiled.plan(), CorrelationSettings.DEFAULTS,
        new EngineStats(List.of(compiled)));
  }

  private final OrphanLog log = new OrphanLog();

  @Test
  void aRingEmptiedAfterALullKeepsItsSlotsWhileTheRuleFillsItAgain() {
    appendTimes(1_000, 0);
    assertThat(log.capacity()).isEqualTo(1_024);

    assertThat(log.expire(5 * TTL, TTL).entries()).as("the lull: every entry is due").isEqualTo(1_000);
    assertThat(log.capacity()).as("kept through the lull, not shrunk to regrow").isEqualTo(1_024);
    appendTimes(1_000, 5 * TTL);
    log.expire(5 * TTL + TTL / 2, TTL);

    assertThat(log.capacity()).isEqualTo(1_024);
    assertThat(log.size()).isEqualTo(1_000);
  }

  @Test
  void aRingThatStaysSparseForATimeToLiveShrinksToFourTimesWhatItHolds() {
    appendTimes(1_000, 0);
    log.expire(2 * TTL, TTL);
    appendTimes(20, 2 * TTL + TTL / 2);

    log.expire(2 * TTL + TTL / 2, TTL);
    assertThat(log.capacity()).as("sparse for half a time to live").isEqualTo(1_024);
    log.expire(3 * TTL, TTL);

    assertThat(log.capacity()).isEqualTo(64);
    assertThat(log.size()).isEqualTo(20);
  }

  @Test
  void aRingFullerThanAnEighthBetweenSparseSpellsStartsItsWaitAgain() {
    appendTimes(1_000, 0);
    log.expire(2 * TTL, TTL);
    appendTimes(200, 2 * TTL + TTL / 2);
    log.expire(2 * TTL + TTL / 2, TTL);
    log.expire(3 * TTL + TTL / 2, TTL); // the 200 leave: sparse again, from here

    log.expire(4 * TTL, TTL);

    assertThat(log.capacity()).isEqualTo(1_024);
    log.expire(4 * TTL + TTL / 2, TTL);
    assertThat(log.capacity()).isEqualTo(16);
  }

  /** Appends {@code count} entries of missing-stage times, each of its own key, written at {@code at}. */
  private void appendTimes(int count, long at) {
    for (int i = 0; i < count; i++) {
      log.append(new CorrelationKey(RULE, new Object[] {"host-" + at + "-" + i}), null, at, 2, at);
    }
  }
}
