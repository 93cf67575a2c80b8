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
