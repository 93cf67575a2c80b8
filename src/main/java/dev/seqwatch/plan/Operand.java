package dev.seqwatch.plan;

/**
 * A compiled {@link dev.seqwatch.eql.Value}: computes its value from one chosen typed value per
 * field occurrence of the condition it belongs to ({@code chosen[i]} for occurrence i, null when
 * the field has none). Immutable and thread-safe.
 */
@FunctionalInterface
interface Operand {

  Object value(Object[] chosen);
}
