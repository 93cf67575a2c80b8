package dev.seqwatch.ruleset;

import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleLoad;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.DetectionEngine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The rule set SeqWatch runs now, with the reader and the engine built for it. The three change
 * together: the reader reads the fields the rules use, at the slots their plans read. A reload
 * replaces the snapshot whole; every request (or Kafka poll) takes {@link #current()} once and uses
 * that snapshot's reader and engine for all of its events, so a batch runs on one rule set,
 * before or after a reload, never half of each.
 */
public final class ActiveRules {

  /**
   * One rule set and what runs it.
   *
   * @param load the rules and every file's verdict
   * @param loadedAt when this set was loaded
   */
  public record Snapshot(RuleLoad load, EventReader reader, DetectionEngine engine, Instant loadedAt) {

    public RuleSet rules() {
      return load.rules();
    }
  }

  private final AtomicReference<Snapshot> current;
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

  ActiveRules(Snapshot first) {
    this.current = new AtomicReference<>(first);
  }

  public Snapshot current() {
    return current.get();
  }

  /** Calls {@code listener} with every snapshot that replaces the current one, after the swap. */
  public void onReload(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  void replace(Snapshot next) {
    current.set(next);
    listeners.forEach(listener -> listener.accept(next));
  }
}
