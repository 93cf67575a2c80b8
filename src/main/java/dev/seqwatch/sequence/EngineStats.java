package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import java.util.Arrays;
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
  /** Replaced whole, never changed in place, so the per-event read needs no lock. */
  private volatile Map<String, LongAdder[]> stageMatches = Map.of();

  EngineStats(List<CompiledRule> rules) {
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
    register(rules);
  }

  /**
   * Adds counters for the rules of a reloaded set. Counters of a rule id are kept, and only ever
   * grow in number, because a batch still running on the previous engine may count a stage the
   * new version of the rule no longer has.
   */
  synchronized void register(List<CompiledRule> rules) {
    Map<String, LongAdder[]> next = new LinkedHashMap<>(stageMatches);
    for (CompiledRule rule : rules) {
      int stages = rule.plan() instanceof SequencePlan plan ? plan.stages().size()
          : rule.plan() instanceof SamplePlan sample ? sample.filters().size() : 1;
      LongAdder[] existing = next.getOrDefault(rule.id(), new LongAdder[0]);
      if (existing.length < stages) {
        LongAdder[] counters = Arrays.copyOf(existing, stages);
        for (int i = existing.length; i < stages; i++) {
          counters[i] = new LongAdder();
        }
        next.put(rule.id(), counters);
      }
    }
    stageMatches = next;
  }

  void matched(String ruleId, int stage) {
    stageMatches.get(ruleId)[stage].increment();
  }

  /** Events that matched stage {@code stage} (0-based) of a rule; an event query has one stage. */
  public long stageMatches(String ruleId, int stage) {
    return stageMatches.get(ruleId)[stage].sum();
  }

  /** How many stages each rule has (had), by rule id, in load order; rules of earlier sets included. */
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
