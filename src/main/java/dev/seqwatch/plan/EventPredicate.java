package dev.seqwatch.plan;

/**
 * A compiled condition over an event's field values ({@code Event.values()}, indexed by schema
 * slot). Implementations are immutable and thread-safe, and allocate nothing per call.
 */
@FunctionalInterface
public interface EventPredicate {

  boolean test(Object[] values);
}
