package dev.seqwatch.event;

/**
 * Bounds on the shape of one event, so that a hostile document costs bounded work and memory
 * whatever the body size allows. Each is checked in the reader's single pass, subtrees no rule
 * reads included.
 *
 * @param maxNestingDepth the deepest nesting of objects and arrays inside one event, the event
 *     object itself being level 1
 * @param maxStringLength the longest string value or field name, in characters
 * @param maxFieldsPerEvent the most field names in one event, nested ones included
 */
public record EventLimits(int maxNestingDepth, int maxStringLength, int maxFieldsPerEvent) {

  /** The defaults of {@code seqwatch.ingest.*}. */
  public static final EventLimits DEFAULTS = new EventLimits(64, 1 << 20, 1000);

  public EventLimits {
    if (maxNestingDepth < 1 || maxStringLength < 1 || maxFieldsPerEvent < 1) {
      throw new IllegalArgumentException("event limits must be positive: " + maxNestingDepth + ", "
          + maxStringLength + ", " + maxFieldsPerEvent);
    }
  }
}
