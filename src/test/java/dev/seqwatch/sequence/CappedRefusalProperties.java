package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A rule capped by the bound refuses new orphans without looking into its cache when no key of the
 * candidate's hash bucket has a state (Orphans#marking); it must never refuse one whose key has a
 * state, whatever the keys and however they share buckets.
 */
class CappedRefusalProperties {

  private static final RuleSet RULE = Engines.ruleOf(
      "sequence by host.id with maxspan=1m [process where true] [network where true]");

  @Property(tries = 50)
  void aCappedRuleJoinsTheStateOfEveryKeyThatHasOneAndOfNoOther(
      @ForAll @Size(max = 40) Set<@IntRange(max = 2_000) Integer> withState,
      @ForAll @Size(min = 1, max = 40) Set<@IntRange(max = 2_000) Integer> later) {
    DetectionEngine engine = Engines.engine(RULE, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(200_000),
        new FakeTicker());
    OrphansTest.feedUntilCapped(engine, RULE, engine.stats().rule("test-rule"));
    // One batch, so that the capped cache keeps the new states until its end.
    List<String> batch = new ArrayList<>();
    withState.forEach(key -> batch.add(OrphansTest.event("process", 10_000, "h-" + key)));
    later.forEach(key -> batch.add(OrphansTest.event("network", 10_001, "h-" + key)));

    List<Detection> found = engine.process(Engines.read(RULE, batch));

    Set<String> joined = new TreeSet<>();
    found.forEach(detection -> joined.add((String) detection.events().get(0).values()[FieldSchema.HOST_ID]));
    Set<String> expected = new TreeSet<>();
    later.stream().filter(withState::contains).forEach(key -> expected.add("h-" + key));
    assertThat(joined).isEqualTo(expected);
  }
}
