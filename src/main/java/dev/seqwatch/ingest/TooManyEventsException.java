package dev.seqwatch.ingest;

/** A batch with more events than the configured limit. */
public final class TooManyEventsException extends RuntimeException {

  public TooManyEventsException(int count, int limit) {
    super("the batch holds " + count + " events; at most " + limit + " are accepted per request");
  }
}
