package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the engine's work, updated from any thread, in total and by rule ({@link #rule}).
 * Reads are a moment's sum and may lag writes in flight, as {@link LongAdder} promises.
 */
public final class EngineStats {

  private final LongAdder events = new LongAdder();
  private final LongAdder detections = new LongAdder();
  private final LongAdder revisions = new LongAdder();
  private final Map<Discard, LongAdder> discards = new EnumMap<>(Discard.class);
  private final Map<String, RuleStats> byRule = new LinkedHashMap<>();

  EngineStats(List<CompiledRule> rules) {
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
    for (CompiledRule rule : rules) {
      int stages = rule.plan() instanceof SequencePlan plan ? plan.stages().size() : 1;
      byRule.put(rule.id(), new RuleStats(rule.id(), stages));
    }
  }

  /** The counters of one rule, or null for an id that is not loaded. */
  public RuleStats rule(String ruleId) {
    return byRule.get(ruleId);
  }

  /** The counters of every rule, in load order. */
  public Collection<RuleStats> rules() {
    return Collections.unmodifiableCollection(byRule.values());
  }

  /** Events that matched stage {@code stage} (0-based) of a rule; an event query has one stage. */
  public long stageMatches(String ruleId, int stage) {
    return byRule.get(ruleId).stageMatches(stage);
  }

  /** How many stages each rule has, by rule id, in load order. */
  public Map<String, Integer> stageCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    byRule.forEach((rule, stats) -> counts.put(rule, stats.stages()));
    return counts;
  }

  void evaluated(int count) {
    events.add(count);
  }

  void detected(RuleStats rule, boolean revision) {
    rule.alerted();
    detections.increment();
    if (revision) {
      revisions.increment();
    }
  }

  void discard(RuleStats rule, Discard reason) {
    discard(rule, reason, 1);
  }

  void discard(RuleStats rule, Discard reason, int count) {
    if (count > 0) {
      discards.get(reason).add(count);
      rule.discard(reason, count);
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
