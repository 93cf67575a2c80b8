package dev.seqwatch.event;

/**
 * The index names ({@link Event#indexName}) of one batch's events in turn, each made again only
 * when an event's data stream differs from the one before. Most of a batch comes from a few data
 * streams, and the reader gives equal short values of one batch as one string ({@link
 * RepeatedStrings}), so the parts compare by identity; a name made per event was a string
 * concatenation per event and rule set with index patterns (docs/benchmarks.md). Used by one thread.
 */
public final class IndexNames {

  private Object type;
  private Object dataset;
  private Object namespace;
  private String name;

  /** {@code event.indexName()}, the same string as the last event's when their parts are the same objects. */
  public String of(Event event) {
    if (event.target() != null) {
      return event.target();
    }
    Object[] values = event.values();
    if (values.length <= FieldSchema.DATA_STREAM_NAMESPACE) {
      return null;
    }
    Object eventType = values[FieldSchema.DATA_STREAM_TYPE];
    Object eventDataset = values[FieldSchema.DATA_STREAM_DATASET];
    Object eventNamespace = values[FieldSchema.DATA_STREAM_NAMESPACE];
    if (eventType != type || eventDataset != dataset || eventNamespace != namespace) {
      type = eventType;
      dataset = eventDataset;
      namespace = eventNamespace;
      name = event.indexName();
    }
    return name;
  }
}
