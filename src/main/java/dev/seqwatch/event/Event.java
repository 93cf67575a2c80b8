package dev.seqwatch.event;

/**
 * One event as the engine sees it: the values of the fields that rules use, its time and its
 * original document.
 *
 * <p>{@code values} is indexed by {@link FieldSchema} slot; each entry is {@code null} (missing,
 * JSON {@code null}, {@code []}: Elasticsearch cannot tell them apart), a {@link String}, or a
 * {@code String[]} of two or more values. Numbers and booleans are kept as their JSON text, which is
 * what Elasticsearch indexes for a keyword. The array is never modified after reading, until the
 * batch is given back to its reader ({@code EventReader.recycle}); the event is not used after that.
 *
 * @param index position in the batch it arrived in, for reporting
 * @param timestamp {@code @timestamp} in epoch milliseconds, sub-millisecond digits truncated
 * @param sequence {@code event.sequence}, or {@link #NO_SEQUENCE}
 * @param target the index the shipper addressed the document to (a bulk action's {@code _index}),
 *     or null when it named none
 */
public record Event(int index, long timestamp, long sequence, Object[] values, RawJson source, String target) {

  /** Sorts after every real {@code event.sequence}, as Elasticsearch sorts null tiebreakers last. */
  public static final long NO_SEQUENCE = Long.MAX_VALUE;

  public Event(int index, long timestamp, long sequence, Object[] values, RawJson source) {
    this(index, timestamp, sequence, values, source, null);
  }

  /**
   * The event as the engine keeps it past its batch: its document copied out of the request buffer
   * ({@link RawJson#copy}), and of its values only those read after matching: the id ({@link
   * #id}), the parts of its index's name ({@link #indexName}) and the host. The rules' fields are
   * not read again once the event has matched (join keys are taken when it is fed; missing-stage
   * checks read only times), and with a thousand rules they are most of what an event holds: a slot
   * per field any rule reads, and their strings. The texts of time and order are read into {@link #timestamp} and {@link #sequence}
   * already. A kept event outlives its batch, and each object it holds is copied by every young
   * collection it survives.
   */
  public Event detached() {
    return withKeptValues().withDocumentCopied();
  }

  /**
   * The values of {@link #detached()}, with the document still where it is: what a candidate holds
   * until something keeps it, so that an event whose candidates are all turned away is never
   * copied.
   */
  public Event withKeptValues() {
    Object[] kept = new Object[FieldSchema.ENGINE_SLOTS];
    for (int slot : KEPT_SLOTS) {
      kept[slot] = slot < values.length ? values[slot] : null;
    }
    return new Event(index, timestamp, sequence, kept, source, target);
  }

  /** The same event with its document copied into an array of its own ({@link RawJson#copy}). */
  public Event withDocumentCopied() {
    return new Event(index, timestamp, sequence, values, source.copy(), target);
  }

  private static final int[] KEPT_SLOTS = {FieldSchema.EVENT_ID, FieldSchema.DATA_STREAM_TYPE,
      FieldSchema.DATA_STREAM_DATASET, FieldSchema.DATA_STREAM_NAMESPACE, FieldSchema.HOST_ID};

  /** The same event addressed to {@code target}. */
  public Event addressedTo(String target) {
    return new Event(index, timestamp, sequence, values, source, target);
  }

  /**
   * The index the document belongs to, as Elasticsearch would name it: the shipper's target, else
   * {@code <data_stream.type>-<data_stream.dataset>-<data_stream.namespace>} when all three are
   * present; null when unknown.
   */
  public String indexName() {
    if (target != null) {
      return target;
    }
    if (values.length > FieldSchema.DATA_STREAM_NAMESPACE
        && values[FieldSchema.DATA_STREAM_TYPE] instanceof String type
        && values[FieldSchema.DATA_STREAM_DATASET] instanceof String dataset
        && values[FieldSchema.DATA_STREAM_NAMESPACE] instanceof String namespace) {
      return type + "-" + dataset + "-" + namespace;
    }
    return null;
  }

  /** {@code event.id} if the event has exactly one, else null. */
  public String id() {
    return values[FieldSchema.EVENT_ID] instanceof String id ? id : null;
  }
}
