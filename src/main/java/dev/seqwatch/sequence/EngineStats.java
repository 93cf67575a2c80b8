package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SamplePlan;
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
  private final LongAdder conditionsTested = new LongAdder();
  private final LongAdder statesFound = new LongAdder();
  private final LongAdder statesCreated = new LongAdder();
  private final Map<Discard, LongAdder> discards = new EnumMap<>(Discard.class);
  /** Replaced whole, never changed in place, so the per-event read needs no lock. */
  private volatile Map<String, RuleStats> byRule = Map.of();

  EngineStats(List<CompiledRule> rules) {
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
    register(rules);
  }

  /**
   * Adds counters for the rules of a reloaded set. The {@link RuleStats} of a rule id is kept (an
   * unchanged rule's {@link SequenceRule} is reused by the next engine and keeps counting into it),
   * and its stage counters only ever grow in number, because a batch still running on the previous
   * engine may count a stage the new version of the rule no longer has.
   */
  synchronized void register(List<CompiledRule> rules) {
    Map<String, RuleStats> next = new LinkedHashMap<>(byRule);
    for (CompiledRule rule : rules) {
      int stages = rule.plan() instanceof SequencePlan plan ? plan.stages().size()
          : rule.plan() instanceof SamplePlan sample ? sample.filters().size() : 1;
      RuleStats existing = next.get(rule.id());
      if (existing == null) {
        next.put(rule.id(), new RuleStats(rule.id(), stages));
      } else {
        existing.ensureStages(stages);
      }
    }
    byRule = next;
  }

  /** The counters of one rule, or null for an id that was never loaded. */
  public RuleStats rule(String ruleId) {
    return byRule.get(ruleId);
  }

  /** The counters of every rule loaded so far, in load order; rules of earlier sets included. */
  public Collection<RuleStats> rules() {
    return Collections.unmodifiableCollection(byRule.values());
  }

  /** Events that matched stage {@code stage} (0-based) of a rule; an event query has one stage. */
  public long stageMatches(String ruleId, int stage) {
    return byRule.get(ruleId).stageMatches(stage);
  }

  /** How many stages each rule has (had), by rule id, in load order; rules of earlier sets included. */
  public Map<String, Integer> stageCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    byRule.forEach((rule, stats) -> counts.put(rule, stats.stages()));
    return counts;
  }

  void evaluated(int count, long conditions) {
    events.add(count);
    conditionsTested.add(conditions);
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

  /**
   * Conditions evaluated in full (event queries, stages, until) after the stage index chose them:
   * per event, how much work the index leaves.
   */
  public long conditionsTested() {
    return conditionsTested.sum();
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

  /** Feeds of a candidate or a time to a key: how many found the key's state, how many made it. */
  void lookedUp(int found, int created) {
    statesFound.add(found);
    statesCreated.add(created);
  }

  /** Feeds to a key that found its state. */
  public long statesFound() {
    return statesFound.sum();
  }

  /** Feeds to a key that created its state. */
  public long statesCreated() {
    return statesCreated.sum();
  }
}
