package dev.seqwatch.plan;

/**
 * A test of one value of a field, as its JSON text. Immutable, thread-safe, allocation-free. An
 * abstract class for the reason {@link EventPredicate} is one: a field condition calls the test of
 * one of many classes.
 */
abstract class ValueTest {

  /** Any value passes: an {@code exists} query up to a length. */
  static final ValueTest ANY = new ValueTest() {
    @Override
    boolean test(String value) {
      return true;
    }

    @Override
    public String toString() {
      return "exists";
    }
  };

  abstract boolean test(String value);
}
