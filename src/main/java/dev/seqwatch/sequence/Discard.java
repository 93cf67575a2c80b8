package dev.seqwatch.sequence;

/** Why the engine let go of an event or a partial sequence; each has its own counter. */
public enum Discard {
  /** A partial was consumed by a later stage event outside maxspan (semantics §5.4). */
  MAXSPAN,
  /** An event arrived later than the allowed lateness behind its key's newest event (§10.3). */
  LATE,
  /** An event matched a stage but lacks a join key, so it cannot join (§3.1). */
  MISSING_JOIN_KEY,
  /** A key held more candidates than allowed; the oldest was folded into its state early. */
  WINDOW_OVERFLOW,
  /** A key's state was idle longer than maxspan plus the allowed lateness and was dropped. */
  EXPIRED,
  /** A key's state was evicted because the cache reached its maximum weight. */
  EVICTED_BY_SIZE,
  /** A key's state was dropped by a reload that removed or changed its rule (semantics, "Reloads"). */
  RULE_CHANGED
}
