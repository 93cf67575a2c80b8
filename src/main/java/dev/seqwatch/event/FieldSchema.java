package dev.seqwatch.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields that loaded rules read, each given a slot in {@link Event#values()}. Built once when
 * rules are compiled; immutable afterwards.
 *
 * <p>Some slots always exist because the engine itself needs them: {@code @timestamp} for order and
 * maxspan, {@code event.id} for alert identity, {@code event.sequence} as the tiebreaker, and the
 * three {@code data_stream.*} fields that name a document's index when the shipper does not, and
 * Fluent Bit's {@code date}, a timestamp of last resort when so configured, and {@code host.id},
 * the key of an event on the events topic when instances scale out on Kafka.
 */
public final class FieldSchema {

  public static final int TIMESTAMP = 0;
  public static final int EVENT_ID = 1;
  public static final int EVENT_SEQUENCE = 2;
  public static final int DATA_STREAM_TYPE = 3;
  public static final int DATA_STREAM_DATASET = 4;
  public static final int DATA_STREAM_NAMESPACE = 5;
  public static final int FLUENT_BIT_DATE = 6;
  public static final int HOST_ID = 7;
  /** How many slots the engine itself reserves, those above; rules' fields come after them. */
  public static final int ENGINE_SLOTS = 8;

  private final List<String> names;
  private final Set<Integer> joinKeySlots;

  private FieldSchema(List<String> names, Set<Integer> joinKeySlots) {
    this.names = List.copyOf(names);
    this.joinKeySlots = Set.copyOf(joinKeySlots);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many slots an event of this schema has. */
  public int size() {
    return names.size();
  }

  /** The dotted field name of a slot. */
  public String name(int slot) {
    return names.get(slot);
  }

  /** Every field name, indexed by slot. */
  public List<String> names() {
    return names;
  }

  /** Whether some rule joins on this slot, so an object there makes the event unusable. */
  public boolean isJoinKey(int slot) {
    return joinKeySlots.contains(slot);
  }

  /** Collects field names while rules compile; each distinct name gets one slot. */
  public static final class Builder {
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final Set<Integer> joinKeys = new HashSet<>();

    private Builder() {
      slot("@timestamp");
      slot("event.id");
      slot("event.sequence");
      slot("data_stream.type");
      slot("data_stream.dataset");
      slot("data_stream.namespace");
      slot("date");
      slot("host.id");
    }

    /** The slot of {@code field}, allocating one on first use. */
    public int slot(String field) {
      return slots.computeIfAbsent(field, name -> slots.size());
    }

    /** The slot of a join-key field. */
    public int joinKeySlot(String field) {
      int slot = slot(field);
      joinKeys.add(slot);
      return slot;
    }

    public FieldSchema build() {
      List<String> names = new ArrayList<>(Collections.nCopies(slots.size(), (String) null));
      slots.forEach((name, slot) -> names.set(slot, name));
      return new FieldSchema(names, joinKeys);
    }
  }
}
