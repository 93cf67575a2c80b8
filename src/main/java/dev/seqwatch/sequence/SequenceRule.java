package dev.seqwatch.sequence;

import dev.seqwatch.event.EventIdentity;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import java.util.ArrayList;
import java.util.List;

/** One sequence rule with the settings its key states need. Immutable apart from its counters. */
final class SequenceRule {

  private final CompiledRule rule;
  private final SequencePlan plan;
  private final long latenessMillis;
  private final int maxCandidatesPerKey;
  private final long stateTtlNanos;
  private final long partialLessTtlNanos;
  private final EngineStats stats;
  private final RuleStats ruleStats;

  SequenceRule(CompiledRule rule, SequencePlan plan, CorrelationSettings settings, EngineStats stats) {
    this.rule = rule;
    this.plan = plan;
    this.latenessMillis = settings.allowedLateness().toMillis();
    this.maxCandidatesPerKey = settings.maxCandidatesPerKey();
    this.stateTtlNanos = plan.maxspanMillis() > 0
        ? (plan.maxspanMillis() + latenessMillis) * 1_000_000L
        : settings.idleTimeoutWithoutMaxspan().toNanos();
    this.partialLessTtlNanos = Math.min(stateTtlNanos, latenessMillis * 1_000_000L);
    this.stats = stats;
    this.ruleStats = stats.rule(rule.id());
  }

  CompiledRule rule() {
    return rule;
  }

  SequencePlan plan() {
    return plan;
  }

  long maxspanMillis() {
    return plan.maxspanMillis();
  }

  long latenessMillis() {
    return latenessMillis;
  }

  int maxCandidatesPerKey() {
    return maxCandidatesPerKey;
  }

  /** Wall-clock time a key's state lives without a new event: maxspan plus lateness (§10.3). */
  long stateTtlNanos() {
    return stateTtlNanos;
  }

  /**
   * Wall-clock time a key's state without a pending partial lives without a new event: the allowed
   * lateness, the only time within which the earlier stage its candidates wait for may still arrive
   * (§10.3).
   */
  long partialLessTtlNanos() {
    return partialLessTtlNanos;
  }

  RuleStats stats() {
    return ruleStats;
  }

  void discard(Discard reason, int count) {
    stats.discard(ruleStats, reason, count);
  }

  String alertId(Candidate[] chain) {
    List<String> identities = new ArrayList<>(chain.length);
    for (Candidate candidate : chain) {
      identities.add(candidate.identity());
    }
    return EventIdentity.alertId(rule.id(), identities);
  }
}
