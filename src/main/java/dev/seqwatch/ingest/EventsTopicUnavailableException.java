package dev.seqwatch.ingest;

/**
 * The events topic did not acknowledge a batch. The client is answered 503 so that it retries:
 * some records may have reached the topic, and a retry may deliver them twice, which the
 * deterministic alert ids make harmless.
 */
public final class EventsTopicUnavailableException extends RuntimeException {

  EventsTopicUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
