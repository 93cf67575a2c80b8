package dev.seqwatch.plan;

import java.util.Arrays;
import java.util.List;

/** A compiled query: immutable, shared by every thread, holding no per-key state. */
public sealed interface QueryPlan {

  /** Every event that satisfies {@code predicate} is a detection on its own. */
  record EventPlan(EventPredicate predicate) implements QueryPlan {
  }

  /**
   * Stages to be matched in order by events that share the join-key values.
   *
   * @param maxspanMillis the longest allowed time from the first to the last event; 0 for none
   * @param until ends every pending sequence of its key when it matches; null if absent
   */
  record SequencePlan(List<Stage> stages, Stage until, long maxspanMillis) implements QueryPlan {
    public SequencePlan {
      stages = List.copyOf(stages);
    }
  }

  /**
   * One stage: its condition and the slots of its join keys, sequence keys first. Events of two
   * stages join when their key values, position by position, are equal.
   */
  record Stage(EventPredicate predicate, int[] keySlots, List<String> keyFields) {
    public Stage {
      keySlots = keySlots.clone();
      keyFields = List.copyOf(keyFields);
    }

    @Override
    public int[] keySlots() {
      return keySlots.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Stage that && predicate.equals(that.predicate)
          && Arrays.equals(keySlots, that.keySlots);
    }

    @Override
    public int hashCode() {
      return predicate.hashCode() * 31 + Arrays.hashCode(keySlots);
    }

    @Override
    public String toString() {
      return "Stage[" + predicate + " by " + keyFields + "]";
    }
  }
}
