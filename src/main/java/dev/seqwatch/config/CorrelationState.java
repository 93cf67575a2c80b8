package dev.seqwatch.config;

import dev.seqwatch.ruleset.ActiveRules;

/**
 * The correlation state the keys gauge reports. In Kafka consume mode it lives in one engine per
 * assigned partition, not in the instance's engine, which then stays idle (issue 14); the Kafka
 * consumer provides this view of its engines, and {@link EngineMetrics} adds it to the instance's.
 * The counters need no such view: every partition's engine counts into the instance engine's
 * {@link dev.seqwatch.sequence.EngineStats}.
 */
@FunctionalInterface
public interface CorrelationState {

  /** Keys with correlation state now (approximate). */
  long estimatedKeys();

  /** The state of the instance's running engine, whichever a reload made current. */
  static CorrelationState of(ActiveRules active) {
    return () -> active.current().engine().estimatedKeys();
  }
}
