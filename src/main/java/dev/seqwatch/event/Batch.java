package dev.seqwatch.event;

import java.util.List;

/**
 * The events of one request body in the order they were sent, and those that could not be used.
 * Every position of the body is either in {@code events} or in {@code rejections}.
 */
public record Batch(List<Event> events, List<Rejection> rejections) {

  public Batch {
    events = List.copyOf(events);
    rejections = List.copyOf(rejections);
  }

  /** An event that was read but cannot be evaluated, with why; the rest of its batch goes on. */
  public record Rejection(int index, String reason) {
  }
}
