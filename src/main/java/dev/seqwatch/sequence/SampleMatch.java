package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One sample: the join-key values and one distinct event per filter, in filter order.
 *
 * @param joinKeys one value per key position: a {@code String}, or null for an optional key the
 *     events lack
 */
public record SampleMatch(List<Object> joinKeys, List<Event> events) {

  public SampleMatch {
    joinKeys = java.util.Collections.unmodifiableList(new ArrayList<>(joinKeys));
    events = List.copyOf(events);
  }
}
