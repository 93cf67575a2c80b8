package dev.seqwatch.plan;

/**
 * A compiled condition over an event's field values ({@code Event.values()}, indexed by schema
 * slot). Implementations are immutable and thread-safe; field tests allocate nothing per call
 * (a {@link ScriptPredicate}, for functions and arithmetic, allocates its array of chosen values).
 */
@FunctionalInterface
public interface EventPredicate {

  boolean test(Object[] values);
}
