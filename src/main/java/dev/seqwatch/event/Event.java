package dev.seqwatch.event;

/**
 * One event as the engine sees it: the values of the fields that rules use, its time and its
 * original document.
 *
 * <p>{@code values} is indexed by {@link FieldSchema} slot; each entry is {@code null} (missing,
 * JSON {@code null}, {@code []}: Elasticsearch cannot tell them apart), a {@link String}, or a
 * {@code String[]} of two or more values. Numbers and booleans are kept as their JSON text, which is
 * what Elasticsearch indexes for a keyword. The array is never modified after reading.
 *
 * @param index position in the batch it arrived in, for reporting
 * @param timestamp {@code @timestamp} in epoch milliseconds, sub-millisecond digits truncated
 * @param sequence {@code event.sequence}, or {@link #NO_SEQUENCE}
 */
public record Event(int index, long timestamp, long sequence, Object[] values, RawJson source) {

  /** Sorts after every real {@code event.sequence}, as Elasticsearch sorts null tiebreakers last. */
  public static final long NO_SEQUENCE = Long.MAX_VALUE;

  /** {@code event.id} if the event has exactly one, else null. */
  public String id() {
    return values[FieldSchema.EVENT_ID] instanceof String id ? id : null;
  }
}
