package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the engine's work, updated from any thread. Reads are a moment's sum and may lag
 * writes in flight, as {@link LongAdder} promises.
 */
public final class EngineStats {

  private final LongAdder events = new LongAdder();
  private final LongAdder detections = new LongAdder();
  private final LongAdder revisions = new LongAdder();
  private final Map<Discard, LongAdder> discards = new EnumMap<>(Discard.class);
  private final Map<String, LongAdder[]> stageMatches = new LinkedHashMap<>();

  EngineStats(List<CompiledRule> rules) {
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
    for (CompiledRule rule : rules) {
      int stages = rule.plan() instanceof SequencePlan plan ? plan.stages().size()
          : rule.plan() instanceof SamplePlan sample ? sample.filters().size() : 1;
      LongAdder[] counters = new LongAdder[stages];
      for (int i = 0; i < stages; i++) {
        counters[i] = new LongAdder();
      }
      stageMatches.put(rule.id(), counters);
    }
  }

  void matched(String ruleId, int stage) {
    stageMatches.get(ruleId)[stage].increment();
  }

  /** Events that matched stage {@code stage} (0-based) of a rule; an event query has one stage. */
  public long stageMatches(String ruleId, int stage) {
    return stageMatches.get(ruleId)[stage].sum();
  }

  /** How many stages each rule has, by rule id, in load order. */
  public Map<String, Integer> stageCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    stageMatches.forEach((rule, counters) -> counts.put(rule, counters.length));
    return counts;
  }

  void evaluated(int count) {
    events.add(count);
  }

  void detected(boolean revision) {
    detections.increment();
    if (revision) {
      revisions.increment();
    }
  }

  void discard(Discard reason) {
    discards.get(reason).increment();
  }

  void discard(Discard reason, int count) {
    if (count > 0) {
      discards.get(reason).add(count);
    }
  }

  /** Events evaluated against the rules. */
  public long events() {
    return events.sum();
  }

  /** Detections reported, revisions included. */
  public long detections() {
    return detections.sum();
  }

  /** Detections that revise an earlier one. */
  public long revisions() {
    return revisions.sum();
  }

  public long discarded(Discard reason) {
    return discards.get(reason).sum();
  }
}
