package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import java.util.Arrays;
import java.util.List;

/**
 * What one event is to one join key of one rule: the plan stages it matched under that key, and
 * whether it is an {@code until} event there. Built while one event is matched, then dropped.
 */
final class Role {

  /** The rule's place in the engine's load order, where its state is ({@code DetectionEngine}). */
  final int owner;
  final SequenceRule rule;
  final Object[] key;
  private long stages;
  private long[] wideStages;
  private final int stageCount;
  boolean until;

  private Role(int owner, SequenceRule rule, Object[] key, int stageCount) {
    this.owner = owner;
    this.rule = rule;
    this.key = key;
    this.stageCount = stageCount;
  }

  /**
   * The role for {@code key} of {@code rule} among {@code roles} from index {@code from} on, where
   * that rule's roles for this event are; added at the end if new.
   */
  static Role of(List<Role> roles, int from, int owner, SequenceRule rule, Object[] key, int stageCount) {
    for (int i = from; i < roles.size(); i++) {
      Role role = roles.get(i);
      if (Arrays.equals(role.key, key)) {
        return role;
      }
    }
    Role role = new Role(owner, rule, key, stageCount);
    roles.add(role);
    return role;
  }

  /**
   * Whether the event is kept for this role, as a candidate: it fills a positive stage or ends
   * sequences. A role of missing stages only is remembered as a time (§11.7).
   */
  boolean chainable() {
    return until || hasPositive(rule);
  }

  /** Adds plan stage {@code k}. */
  void add(int k) {
    if (k < 64) {
      stages |= 1L << k;
    } else {
      wideStages = wideStages != null ? wideStages : new long[(stageCount - 1) >>> 6];
      wideStages[(k >>> 6) - 1] |= 1L << k;
    }
  }

  /** Whether the role fills any positive stage. */
  boolean hasPositive(SequenceRule rule) {
    if (!rule.hasMissing()) {
      return stages != 0 || wideStages != null;
    }
    for (int k = 0; k < stageCount; k++) {
      if (Candidate.has(stages, wideStages, k) && rule.chainIndex(k) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The candidate for the state machine: the chain positions of the positive stages matched. Without
   * missing stages chain positions are plan indexes and the bits are taken as they are. {@code
   * documentShare} is this candidate's part of the shared document's weight (see {@link Candidate}).
   */
  Candidate candidate(SequenceRule rule, Event event, long arrival, int documentShare) {
    if (!rule.hasMissing()) {
      return new Candidate(event, arrival, stages, wideStages, until, documentShare);
    }
    long chain = 0;
    long[] wideChain = null;
    for (int k = 0; k < stageCount; k++) {
      int position = rule.chainIndex(k);
      if (position < 0 || !Candidate.has(stages, wideStages, k)) {
        continue;
      }
      if (position < 64) {
        chain |= 1L << position;
      } else {
        wideChain = wideChain != null ? wideChain : new long[(rule.chainLength() - 1) >>> 6];
        wideChain[(position >>> 6) - 1] |= 1L << position;
      }
    }
    return new Candidate(event, arrival, chain, wideChain, until, documentShare);
  }

  /** Whether every stage the role matched is below 64, so that {@link #missingStages} tells them all. */
  boolean narrow() {
    return wideStages == null;
  }

  /** The missing plan stages below 64 the role matched, as bits. */
  long missingStages(SequenceRule rule) {
    return stages & rule.missingStages();
  }

  /** Records in {@code state} every missing stage this role matched (§11). */
  void recordAbsences(SequenceRule rule, KeyState state, long timestamp) {
    if (!rule.hasMissing()) {
      return;
    }
    for (int k = 0; k < stageCount; k++) {
      if (rule.chainIndex(k) < 0 && Candidate.has(stages, wideStages, k)) {
        state.absent(rule, k, timestamp);
      }
    }
  }
}
