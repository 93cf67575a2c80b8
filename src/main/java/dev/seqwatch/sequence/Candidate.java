package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventIdentity;

/**
 * An event that matched at least one stage (or the until condition) of one rule, with its place in
 * the order of semantics §10.1: {@code @timestamp} in ms, then {@code event.sequence} (missing sorts
 * last, as Elasticsearch sorts a null tiebreaker), then arrival. The order is total, so sorting and
 * insertion agree.
 *
 * <p>The chain positions it can fill are a bit set: {@code stages} holds positions 0 to 63 and
 * {@code wideStages} the rest (null for chains of at most 64 positive stages, so the common case
 * costs no array). There is no limit on the number of stages (semantics §12).
 *
 * <p>A candidate belongs to the state of exactly one (rule, key); its event, the copied document, is
 * shared by every candidate made from the same event. Its weight is therefore its own overhead plus
 * its share of the document (see {@link DetectionEngine}: the document's weight divided among the
 * candidates made from it), so that the bound counts a shared document once.
 */
final class Candidate implements Comparable<Candidate> {

  /**
   * The event: made with its document still in the request's buffer ({@link Event#withKeptValues}),
   * given its own copy by {@link #keep} before anything keeps the candidate. Written once, by the
   * thread that made it, before the candidate enters a compute that publishes it.
   */
  Event event;
  final long timestamp;
  final long sequence;
  final long arrival;
  final long stages;
  final long[] wideStages;
  final boolean until;
  final int weight;
  private String identity;
  /** Whether the candidate is in its key's window; maintained by {@link KeyState}. */
  boolean inWindow;
  /** The last weighing of its key's state that counted it; see {@link KeyState#weight()}. */
  int weighedAt;

  /**
   * Bytes of the candidate itself: its object, its identity once computed (an event.id or a hash)
   * and the reference that holds it.
   */
  static final int OVERHEAD = 120;

  /** Bytes of a stage set beyond position 63: the array and its words. */
  private static int wideWeight(long[] wideStages) {
    return wideStages == null ? 0 : 16 + 8 * wideStages.length;
  }

  /**
   * @param documentShare the part of the document's weight ({@link #documentWeight}) this candidate
   *     carries
   */
  Candidate(Event event, long arrival, long stages, long[] wideStages, boolean until, int documentShare) {
    this.event = event;
    this.timestamp = event.timestamp();
    this.sequence = event.sequence();
    this.arrival = arrival;
    this.stages = stages;
    this.wideStages = wideStages;
    this.until = until;
    this.weight = OVERHEAD + wideWeight(wideStages) + documentShare;
  }

  /**
   * Approximate bytes a kept document holds alive: the copied bytes, the values array and its
   * strings, and the object headers around them (measured with the KeyChurn run to within about
   * 10 %; see docs/benchmarks.md).
   */
  static int documentWeight(Event event) {
    int weight = 16 + event.source().length() + 96 + 16 + 4 * event.values().length;
    for (Object value : event.values()) {
      if (value instanceof String text) {
        weight += 40 + text.length();
      } else if (value instanceof String[] texts) {
        weight += 16 + 4 * texts.length;
        for (String text : texts) {
          weight += 40 + text.length();
        }
      }
    }
    return weight;
  }

  /**
   * Gives the candidate {@code copied}, its event with the document copied out of the request's
   * buffer ({@link Event#withDocumentCopied}), before a state or the orphan log is offered it.
   * Copying only then spares the events whose every candidate a capped rule turns away: with
   * Elastic's whole rule set, over a fifth of the events with candidates (docs/benchmarks.md).
   */
  void keep(Event copied) {
    event = copied;
  }

  boolean matches(int stage) {
    return has(stages, wideStages, stage);
  }

  /** Whether bit {@code index} is set in the set made of {@code narrow} (0 to 63) and {@code wide}. */
  static boolean has(long narrow, long[] wide, int index) {
    if (index < 64) {
      return (narrow & (1L << index)) != 0;
    }
    int word = (index >>> 6) - 1;
    return wide != null && word < wide.length && (wide[word] & (1L << index)) != 0;
  }

  /** Computed on first use, which is only ever inside the key's atomic compute. */
  String identity() {
    if (identity == null) {
      identity = EventIdentity.of(event);
    }
    return identity;
  }

  int weight() {
    return weight;
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
