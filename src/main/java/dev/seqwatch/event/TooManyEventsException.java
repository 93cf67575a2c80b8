package dev.seqwatch.event;

/**
 * A body with more events than its limit. The reader stops at the first event over the limit, so
 * a body of millions of tiny events costs no more than the limit's worth of them.
 */
public final class TooManyEventsException extends RuntimeException {

  public TooManyEventsException(int limit) {
    super("the request holds more than " + limit + " events; at most " + limit + " are accepted per request",
        null, false, false);
  }
}
