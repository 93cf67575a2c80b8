package dev.seqwatch.config;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.seqwatch.ruleset.ActiveRules;

/**
 * The correlation state the gauges report. In Kafka consume mode it lives in one engine per
 * assigned partition, not in the instance's engine, which then stays idle (issue 14); the Kafka
 * consumer provides this view of its engines, and {@link EngineMetrics} adds it to the instance's.
 */
public interface CorrelationState {

  /** Keys with correlation state now (approximate). */
  long estimatedKeys();

  /** Lookups of key state since start, engines since dropped included, so counters never go back. */
  CacheStats cacheStats();

  /** The state of the instance's running engine, whichever a reload made current. */
  static CorrelationState of(ActiveRules active) {
    return new CorrelationState() {
      @Override
      public long estimatedKeys() {
        return active.current().engine().estimatedKeys();
      }

      @Override
      public CacheStats cacheStats() {
        return active.current().engine().cacheStats();
      }
    };
  }
}
