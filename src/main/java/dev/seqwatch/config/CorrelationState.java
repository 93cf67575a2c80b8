package dev.seqwatch.config;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.seqwatch.sequence.DetectionEngine;

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

  /** The state of one engine. */
  static CorrelationState of(DetectionEngine engine) {
    return new CorrelationState() {
      @Override
      public long estimatedKeys() {
        return engine.estimatedKeys();
      }

      @Override
      public CacheStats cacheStats() {
        return engine.cacheStats();
      }
    };
  }
}
