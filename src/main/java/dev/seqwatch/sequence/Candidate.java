package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventIdentity;

/**
 * An event that matched at least one stage (or the until condition) of one rule, with its place in
 * the order of semantics §10.1: {@code @timestamp} in ms, then {@code event.sequence} (missing sorts
 * last, as Elasticsearch sorts a null tiebreaker), then arrival. The order is total, so sorting and
 * insertion agree.
 */
final class Candidate implements Comparable<Candidate> {

  final Event event;
  final long timestamp;
  final long sequence;
  final long arrival;
  final int stages;
  final boolean until;
  private String identity;

  Candidate(Event event, long arrival, int stages, boolean until) {
    this.event = event;
    this.timestamp = event.timestamp();
    this.sequence = event.sequence();
    this.arrival = arrival;
    this.stages = stages;
    this.until = until;
  }

  boolean matches(int stage) {
    return (stages & (1 << stage)) != 0;
  }

  /** Computed on first use, which is only ever inside the key's atomic compute. */
  String identity() {
    if (identity == null) {
      identity = EventIdentity.of(event);
    }
    return identity;
  }

  int weight() {
    return event.source().length() + 48 + event.values().length * 8;
  }

  @Override
  public int compareTo(Candidate other) {
    int order = Long.compare(timestamp, other.timestamp);
    if (order == 0) {
      order = Long.compare(sequence, other.sequence);
    }
    return order != 0 ? order : Long.compare(arrival, other.arrival);
  }

  boolean isBefore(Candidate other) {
    return compareTo(other) < 0;
  }
}
