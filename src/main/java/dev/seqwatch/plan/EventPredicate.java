package dev.seqwatch.plan;

/**
 * A compiled condition over an event's field values ({@code Event.values()}, indexed by schema
 * slot). Implementations are immutable and thread-safe; field tests allocate nothing per call
 * (a {@link ScriptPredicate}, for functions and arithmetic, allocates its array of chosen values).
 *
 * <p>An abstract class rather than an interface, with every subclass in this package: {@code and},
 * {@code or} and the stage loop call {@link #test} on operands of many classes, and such a call
 * through an interface goes through an itable stub, a twentieth of matching with Elastic's rule
 * set (docs/benchmarks.md), where a class's call reads the method from its vtable.
 */
public abstract class EventPredicate {

  EventPredicate() {
  }

  public abstract boolean test(Object[] values);
}
