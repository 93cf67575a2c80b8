package dev.seqwatch.plan;

/** A test of one value of a field, as its JSON text. Immutable, thread-safe, allocation-free. */
@FunctionalInterface
interface ValueTest {

  boolean test(String value);
}
