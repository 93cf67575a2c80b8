package dev.seqwatch.sequence;

import dev.seqwatch.event.EventIdentity;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One sequence rule with the settings its key states need. Immutable apart from its counters.
 *
 * <p>Stages are numbered two ways. <em>Plan</em> indexes count every stage of the query, {@code with
 * runs=N} expanded (§12). <em>Chain</em> indexes count only the positive stages: the state machine
 * runs over those, as Elasticsearch's {@code SequenceMatcher} skips missing stages with {@code
 * previousPositiveStage} (§11). A missing stage is <em>leading</em> (before the first positive
 * stage), <em>trailing</em> (after the last) or sits in the gap after chain position {@code g}.
 */
final class SequenceRule {

  /** {@link #gapOf} for a leading missing stage. */
  static final int LEADING = -1;
  /** {@link #gapOf} for a trailing missing stage. */
  static final int TRAILING = -2;
  /** {@link #gapOf} for a positive stage. */
  static final int POSITIVE = -3;

  private final CompiledRule rule;
  private final SequencePlan plan;
  private final int[] chainIndex;
  private final int[] gapOf;
  private final int chainLength;
  private final boolean hasMissing;
  private final boolean hasLeading;
  private final boolean hasTrailing;
  /** The missing plan stages below 64, as bits, for {@link Role#missingStages}. */
  private final long missingStages;
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
    int count = plan.stages().size();
    chainIndex = new int[count];
    gapOf = new int[count];
    int positives = 0;
    long missingBits = 0;
    for (int k = 0; k < count; k++) {
      boolean missing = plan.stages().get(k).missing();
      missingBits |= missing && k < 64 ? 1L << k : 0;
      chainIndex[k] = missing ? -1 : positives;
      gapOf[k] = missing ? (positives == 0 ? LEADING : positives - 1) : POSITIVE;
      positives += missing ? 0 : 1;
    }
    chainLength = positives;
    boolean trailing = false;
    for (int k = count - 1; k >= 0 && plan.stages().get(k).missing(); k--) {
      gapOf[k] = TRAILING;
      trailing = true;
    }
    hasMissing = plan.hasMissingStages();
    hasLeading = plan.stages().get(0).missing();
    hasTrailing = trailing;
    missingStages = missingBits;
    this.ruleStats = stats.rule(rule.id());
  }

  CompiledRule rule() {
    return rule;
  }

  SequencePlan plan() {
    return plan;
  }

  /** How many positive stages a chain has. */
  int chainLength() {
    return chainLength;
  }

  /** The chain index of plan stage {@code k}, or -1 for a missing stage. */
  int chainIndex(int k) {
    return chainIndex[k];
  }

  /** For a missing plan stage {@code k}: {@link #LEADING}, {@link #TRAILING}, or its gap. */
  int gapOf(int k) {
    return gapOf[k];
  }

  boolean hasMissing() {
    return hasMissing;
  }

  /**
   * Whether a completed chain waits before it is reported: with missing stages, for the events
   * that could veto it (§11); with {@code until}, for the allowed lateness, since an until event
   * arriving late but within it must still cut the chain (§10.2).
   */
  boolean confirmsLater() {
    return hasMissing || plan.until() != null;
  }

  boolean hasLeading() {
    return hasLeading;
  }

  boolean hasTrailing() {
    return hasTrailing;
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

  /** The missing plan stages below 64, as bits. */
  long missingStages() {
    return missingStages;
  }

  /**
   * Whether later-stage candidates, and the times of trailing and middle missing-stage events, of
   * keys without state are kept as {@link Orphans}: not with a leading missing stage, whose times
   * veto chains that start up to maxspan after them and so make a state wait for more than the
   * allowed lateness (semantics §10.3), nor with a lateness of zero, within which nothing can join
   * them.
   */
  boolean keepsOrphans() {
    return !hasLeading && partialLessTtlNanos > 0;
  }

  RuleStats stats() {
    return ruleStats;
  }

  void discard(Discard reason, int count) {
    stats.discard(ruleStats, reason, count);
  }

  String alertId(Candidate[] chain) {
    List<String> identities = new ArrayList<>(chain.length);
    long first = Long.MAX_VALUE;
    for (Candidate candidate : chain) {
      identities.add(candidate.identity());
      first = Math.min(first, candidate.timestamp);
    }
    return EventIdentity.alertId(rule.id(), identities, first);
  }
}
