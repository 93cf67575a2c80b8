package dev.seqwatch.sequence;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the engine's work, updated from any thread. Reads are a moment's sum and may lag
 * writes in flight, as {@link LongAdder} promises.
 */
public final class EngineStats {

  private final LongAdder events = new LongAdder();
  private final LongAdder detections = new LongAdder();
  private final LongAdder revisions = new LongAdder();
  private final Map<Discard, LongAdder> discards = new EnumMap<>(Discard.class);

  EngineStats() {
    for (Discard discard : Discard.values()) {
      discards.put(discard, new LongAdder());
    }
  }

  void evaluated(int count) {
    events.add(count);
  }

  void detected(boolean revision) {
    detections.increment();
    if (revision) {
      revisions.increment();
    }
  }

  void discard(Discard reason) {
    discards.get(reason).increment();
  }

  void discard(Discard reason, int count) {
    if (count > 0) {
      discards.get(reason).add(count);
    }
  }

  /** Events evaluated against the rules. */
  public long events() {
    return events.sum();
  }

  /** Detections reported, revisions included. */
  public long detections() {
    return detections.sum();
  }

  /** Detections that revise an earlier one. */
  public long revisions() {
    return revisions.sum();
  }

  public long discarded(Discard reason) {
    return discards.get(reason).sum();
  }
}
