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
   * @param stages in query order, {@code with runs=N} already expanded into N stages (§12), missing
   *     stages ({@link Stage#missing()}) in their place
   * @param maxspanMillis the longest allowed time from the first to the last event; 0 for none
   * @param until ends every pending sequence of its key when it matches; null if absent
   */
  record SequencePlan(List<Stage> stages, Stage until, long maxspanMillis) implements QueryPlan {
    public SequencePlan {
      stages = List.copyOf(stages);
    }

    /** Whether any stage is a missing event {@code ![ ... ]} (semantics §11). */
    public boolean hasMissingStages() {
      return stages.stream().anyMatch(Stage::missing);
    }
  }

  /**
   * Filters to be matched, in any order, by distinct events that share the join-key values
   * (Elasticsearch's {@code Sample}): two to five filters, each with at least one key, all with the
   * same number of keys.
   */
  record SamplePlan(List<SampleFilter> filters) implements QueryPlan {
    public SamplePlan {
      filters = List.copyOf(filters);
    }
  }

  /**
   * One filter of a sample: its condition and its join keys, sample keys first. An optional key
   * ({@code ?field}) may be missing, and then joins only events that lack it too (Elasticsearch's
   * {@code SampleQueryRequest}: a missing bucket and {@code must_not exists}); a missing plain key
   * keeps the event out of the sample.
   */
  record SampleFilter(EventPredicate predicate, int[] keySlots, List<String> keyFields, boolean[] optional) {
    public SampleFilter {
      keySlots = keySlots.clone();
      keyFields = List.copyOf(keyFields);
      optional = optional.clone();
    }

    @Override
    public int[] keySlots() {
      return keySlots.clone();
    }

    @Override
    public boolean[] optional() {
      return optional.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SampleFilter that && predicate.equals(that.predicate)
          && Arrays.equals(keySlots, that.keySlots) && Arrays.equals(optional, that.optional);
    }

    @Override
    public int hashCode() {
      return (predicate.hashCode() * 31 + Arrays.hashCode(keySlots)) * 31 + Arrays.hashCode(optional);
    }

    @Override
    public String toString() {
      return "SampleFilter[" + predicate + " by " + keyFields + "]";
    }
  }

  /**
   * One stage: its condition and the slots of its join keys, sequence keys first. Events of two
   * stages join when their key values, position by position, are equal.
   *
   * @param optionalKeys per key, whether it was written {@code ?field}: a missing value is then the
   *     key value null, which joins with null, instead of excluding the event (§3.6)
   * @param missing a missing event {@code ![ ... ]}: never part of a chain; its events veto chains
   *     (§11)
   */
  record Stage(EventPredicate predicate, int[] keySlots, List<String> keyFields, boolean[] optionalKeys,
      boolean missing) {
    public Stage {
      keySlots = keySlots.clone();
      keyFields = List.copyOf(keyFields);
      optionalKeys = optionalKeys.clone();
      if (optionalKeys.length != keySlots.length) {
        throw new IllegalArgumentException("one optional flag per key slot");
      }
    }

    @Override
    public int[] keySlots() {
      return keySlots.clone();
    }

    @Override
    public boolean[] optionalKeys() {
      return optionalKeys.clone();
    }

    /** Whether key {@code position} is optional, without copying the flags. */
    public boolean isOptionalKey(int position) {
      return optionalKeys[position];
    }

    /** The slot of key {@code position}, without copying the slots. */
    public int keySlot(int position) {
      return keySlots[position];
    }

    /** How many join keys the stage has. */
    public int keyCount() {
      return keySlots.length;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Stage that && predicate.equals(that.predicate)
          && Arrays.equals(keySlots, that.keySlots) && Arrays.equals(optionalKeys, that.optionalKeys)
          && missing == that.missing;
    }

    @Override
    public int hashCode() {
      return (predicate.hashCode() * 31 + Arrays.hashCode(keySlots)) * 31 + (missing ? 1 : 0);
    }

    @Override
    public String toString() {
      return (missing ? "MissingStage[" : "Stage[") + predicate + " by " + keyFields + "]";
    }
  }
}
