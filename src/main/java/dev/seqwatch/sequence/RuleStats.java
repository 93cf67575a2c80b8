package dev.seqwatch.sequence;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one rule, so that an operator sees which rule costs what: its conditions tested,
 * events matching each stage, keys with state and the bytes they weigh, discards by reason, alerts.
 * Updated from any thread; reads are a moment's sum, as {@link LongAdder} promises. Keys and bytes
 * follow Caffeine's removals, which may lag, so they are approximate, as the cache's own size is.
 */
public final class RuleStats {

  private final String ruleId;
  /** Replaced whole when a reloaded version of the rule has more stages, so reads need no lock. */
  private volatile LongAdder[] stageMatches;
  private final LongAdder conditionsTested = new LongAdder();
  private final LongAdder keys = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder alerts = new LongAdder();
  private final Map<Discard, LongAdder> discards = new EnumMap<>(Discard.class);

  RuleStats(String ruleId, int stages) {
    this.ruleId = ruleId;
    this.stageMatches = new LongAdder[stages];
    for (int i = 0; i < stages; i++) {
      stageMatches[i] = new LongAdder();
    }
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
  }

  /** Grows the stage counters to {@code stages}; counters never shrink (see EngineStats.register). */
  synchronized void ensureStages(int stages) {
    LongAdder[] existing = stageMatches;
    if (existing.length < stages) {
      LongAdder[] counters = Arrays.copyOf(existing, stages);
      for (int i = existing.length; i < stages; i++) {
        counters[i] = new LongAdder();
      }
      stageMatches = counters;
    }
  }

  public String ruleId() {
    return ruleId;
  }

  /** How many stages the rule has (had, at most, over reloads); an event query has one. */
  public int stages() {
    return stageMatches.length;
  }

  /** Events that matched stage {@code stage} (0-based). */
  public long stageMatches(int stage) {
    return stageMatches[stage].sum();
  }

  /**
   * How often one of the rule's conditions (a stage's, until's or missing stage's, an event query's,
   * a sample's filter) was evaluated on an event the stage index let through to it. Matching's CPU
   * grows with it; a rule tested far more often than it matches is one the stage index cannot
   * narrow (docs/architecture.md, {@code StageIndex}).
   */
  public long conditionsTested() {
    return conditionsTested.sum();
  }

  /**
   * Join keys of this rule with correlation state (approximate); each orphan waiting for its key's
   * state ({@link Orphans}) counts as a key of its own.
   */
  public long keys() {
    return keys.sum();
  }

  /** Approximate bytes of this rule's correlation state, a shared document counted by its share. */
  public long bytes() {
    return bytes.sum();
  }

  /** Detections reported for this rule, revisions included. */
  public long alerts() {
    return alerts.sum();
  }

  public long discarded(Discard reason) {
    return discards.get(reason).sum();
  }

  void tested(int conditions) {
    conditionsTested.add(conditions);
  }

  void matched(int stage, int events) {
    stageMatches[stage].add(events);
  }

  void stateAdded(long weight) {
    keys.increment();
    bytes.add(weight);
  }

  void stateReweighed(long delta) {
    bytes.add(delta);
  }

  void stateRemoved(long weight) {
    statesRemoved(1, weight);
  }

  void statesRemoved(int count, long weight) {
    keys.add(-count);
    bytes.add(-weight);
  }

  void alerted() {
    alerts.increment();
  }

  void discard(Discard reason, int count) {
    discards.get(reason).add(count);
  }
}
