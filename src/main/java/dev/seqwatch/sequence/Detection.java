package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.CompiledRule;
import java.util.List;

/**
 * A chain of events that satisfies a rule: for a sequence, one event per stage in stage order; for
 * a sample, one event per filter in filter order; for an event query, the one event.
 *
 * @param id deterministic: the same rule and events always give the same id (semantics §10.7)
 * @param joinKeys the join-key values of the sequence, one per key: a {@code String}, or null for
 *     an optional key the events lack (§3.6); a multi-valued key field gives one detection per
 *     value, each naming its value (§3.5). Empty for an event query
 * @param events copies of the events made when the engine kept them: the original document, and
 *     of the values, for a sequence, only the engine's own fields ({@code FieldSchema.ENGINE_SLOTS}),
 *     since rules' fields are not read again after matching (join-key values are taken when the
 *     event is fed); whoever needs a rule field of a detection's event reads its document again
 * @param revises the ids of earlier detections that a late event rearranged into this one, newest
 *     first; empty for an ordinary detection. One late event can rearrange two reported chains
 *     into one, hence a list.
 */
public record Detection(CompiledRule rule, String id, List<Object> joinKeys, List<Event> events,
    List<String> revises) {

  public Detection {
    joinKeys = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(joinKeys));
    events = List.copyOf(events);
    revises = List.copyOf(revises);
  }

  /** The earliest timestamp of its events (a sample's events are in filter order, not time order). */
  public long firstTimestamp() {
    return earliest(events);
  }

  /** The earliest timestamp of {@code events}, not empty: what a detection's id begins with. */
  static long earliest(List<Event> events) {
    return events.stream().mapToLong(Event::timestamp).min().orElseThrow();
  }

  /** The latest timestamp of its events. */
  public long lastTimestamp() {
    return events.stream().mapToLong(Event::timestamp).max().orElseThrow();
  }
}
