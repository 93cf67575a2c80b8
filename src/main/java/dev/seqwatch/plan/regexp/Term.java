package dev.seqwatch.plan.regexp;

/**
 * A regular-expression term over Unicode code points. Terms are made only by {@link Terms}, which
 * keeps one object per distinct normalized term, so two terms are equal exactly when they are the
 * same object, and {@link #id} orders them. That identity is what makes the derivatives of a term
 * finitely many (Brzozowski), and so what lets {@link Dfa} enumerate them as states.
 */
final class Term {

  enum Kind {
    /** Matches nothing. */
    EMPTY,
    /** Matches the empty string only. */
    EPSILON,
    /** One code point of {@link #ranges}. */
    CHARS,
    /** {@code parts[0]} then {@code parts[1]}; the first part is never itself a concatenation. */
    CONCAT,
    /** Any of {@code parts}, at least two, ordered by id. */
    UNION,
    /** All of {@code parts}, at least two, ordered by id (Lucene's {@code &}). */
    AND,
    /** Zero or more of {@code parts[0]}. */
    STAR,
    /** Every string {@code parts[0]} does not match (Lucene's {@code ~}). */
    NOT
  }

  final int id;
  final Kind kind;
  final Term[] parts;
  /** For {@link Kind#CHARS}: inclusive code-point ranges as {@code lo, hi} pairs, sorted, disjoint, not adjacent. */
  final int[] ranges;
  final boolean nullable;
  /** Where the derivative may change: the code points that start a class of equal derivatives. Built on demand. */
  int[] boundaries;

  Term(int id, Kind kind, Term[] parts, int[] ranges, boolean nullable) {
    this.id = id;
    this.kind = kind;
    this.parts = parts;
    this.ranges = ranges;
    this.nullable = nullable;
  }

  boolean containsChar(int c) {
    for (int i = 0; i < ranges.length; i += 2) {
      if (c < ranges[i]) {
        return false;
      }
      if (c <= ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }
}
