package dev.seqwatch.sequence;

import java.util.Arrays;

/**
 * A rule and the values of its join keys. Values compare exactly and case-sensitively, as
 * Elasticsearch's {@code SequenceKey} does with {@code Arrays.deepEquals} (semantics §3.3); a
 * multi-valued key compares as the whole list.
 */
final class CorrelationKey {

  final SequenceRule rule;
  final Object[] values;
  private final int hash;

  CorrelationKey(SequenceRule rule, Object[] values) {
    this.rule = rule;
    this.values = values;
    // The rule's id, not its identity: an identity hash depends on what the JVM hashed before, and
    // the cache's frequency sketch, hence which entries it evicts under pressure, on the key's
    // hash; an unrelated change of code then changed the eviction counts builds are compared by.
    this.hash = 31 * rule.rule().id().hashCode() + Arrays.deepHashCode(values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CorrelationKey that && rule == that.rule && hash == that.hash
        && Arrays.deepEquals(values, that.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
