package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.CompiledRule;
import java.util.List;

/**
 * A chain of events that satisfies a rule: for a sequence, one event per stage in stage order; for
 * an event query, the one event.
 *
 * @param id deterministic: the same rule and events always give the same id (semantics §10.7)
 * @param joinKeys the join-key values, each a {@code String} or a {@code List<String>}; empty for
 *     an event query
 * @param events copies of the events made when the engine kept them: the original document, and
 *     of the values only the engine's own fields ({@code FieldSchema.ENGINE_SLOTS}), since rules'
 *     fields are not read again after matching
 * @param revises the ids of earlier detections that a late event rearranged into this one, newest
 *     first; empty for an ordinary detection. One late event can rearrange two reported chains
 *     into one, hence a list.
 */
public record Detection(CompiledRule rule, String id, List<Object> joinKeys, List<Event> events,
    List<String> revises) {

  public Detection {
    joinKeys = List.copyOf(joinKeys);
    events = List.copyOf(events);
    revises = List.copyOf(revises);
  }

  public long firstTimestamp() {
    return events.get(0).timestamp();
  }

  public long lastTimestamp() {
    return events.get(events.size() - 1).timestamp();
  }
}
