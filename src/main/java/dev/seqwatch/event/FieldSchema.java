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
  private final FieldMapping[] mappings;

  private FieldSchema(List<String> names, Set<Integer> joinKeySlots, FieldTypes types) {
    this.names = List.copyOf(names);
    this.joinKeySlots = Set.copyOf(joinKeySlots);
    this.mappings = names.stream().map(types::of).toArray(FieldMapping[]::new);
  }

  /** A builder whose fields have the ECS types and no user mapping. */
  public static Builder builder() {
    return new Builder(FieldTypes.ecs());
  }

  /** A builder whose fields have the types of {@code types}. */
  public static Builder builder(FieldTypes types) {
    return new Builder(types);
  }

  /**
   * A builder that keeps every field of {@code previous} at its slot, so that a plan compiled
   * against {@code previous} reads the same values from events of the new schema: a reload keeps
   * the compiled rules it did not change. Join-key marks are not carried over; the new rules set
   * their own. Fields take their types from {@code types}.
   */
  public static Builder extending(FieldSchema previous, FieldTypes types) {
    Builder builder = new Builder(types);
    previous.names.forEach(builder::slot);
    return builder;
  }

  /** Whether every slot of {@code earlier} holds the same field here. */
  public boolean extendsSchema(FieldSchema earlier) {
    return names.size() >= earlier.names.size() && names.subList(0, earlier.names.size()).equals(earlier.names);
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

  /** The mapping of a slot's field. */
  public FieldMapping mapping(int slot) {
    return mappings[slot];
  }

  /** Whether some rule joins on this slot, so an object there makes the event unusable. */
  public boolean isJoinKey(int slot) {
    return joinKeySlots.contains(slot);
  }

  /** Collects field names while rules compile; each distinct name gets one slot. */
  public static final class Builder {
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final Set<Integer> joinKeys = new HashSet<>();
    private final FieldTypes types;

    private Builder(FieldTypes types) {
      this.types = types;
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

    /** The mapping of {@code field}, whether or not it has a slot yet. */
    public FieldMapping mapping(String field) {
      return types.of(field);
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
      return new FieldSchema(names, joinKeys, types);
    }
  }
}
