package dev.seqwatch.event;

/**
 * How Elasticsearch would index a field, reduced to what changes an EQL answer. Every integer type
 * ({@code long}, {@code integer}, {@code short}, {@code byte}, {@code unsigned_long}) is
 * {@link #LONG}; every floating type ({@code double}, {@code float}, {@code half_float},
 * {@code scaled_float}) is {@link #DOUBLE}.
 */
public enum FieldType {
  /** {@code keyword}, {@code constant_keyword}, {@code wildcard}, or text with a keyword sub-field. */
  KEYWORD,
  /** {@code text} or {@code match_only_text} without an exact sub-field: compared as its text. */
  TEXT,
  LONG,
  DOUBLE,
  /** {@code date} and {@code date_nanos}: epoch milliseconds, from ISO-8601 text or a number. */
  DATE,
  IP,
  BOOLEAN,
  /** {@code version}: ordered by semantic version precedence. */
  VERSION,
  /**
   * In no mapping: Elasticsearch's dynamic mapping decides from the first document (strings as text
   * with a {@code keyword} sub-field, {@code ignore_above: 256}; integers as long; decimals as
   * float). SeqWatch cannot see that first document, so a value that reads as a number is a number,
   * {@code true}/{@code false} a boolean, anything else a string (docs/semantics.md §13).
   */
  DYNAMIC
}
