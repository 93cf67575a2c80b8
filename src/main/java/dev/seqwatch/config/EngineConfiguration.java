package dev.seqwatch.config;

import dev.seqwatch.event.EventLimits;
import dev.seqwatch.sequence.CorrelationSettings;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's settings: event limits, correlation settings and the clock. The rules, the reader
 * and the engine built from them are {@link dev.seqwatch.ruleset.ActiveRules}, replaced together
 * on reload.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  /** The bounds on one event's shape, for ingest and for EQL search alike. */
  @Bean
  EventLimits eventLimits(SeqwatchProperties properties) {
    SeqwatchProperties.Ingest ingest = properties.ingest();
    return new EventLimits(ingest.maxNestingDepth(), ingest.maxStringLength(), ingest.maxFieldsPerEvent());
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The wall clock of correlation state expiry (semantics §10.3); tests replace it to move time. */
  @Bean
  Ticker correlationTicker() {
    return Ticker.systemTicker();
  }

  /** Runs expiry promptly, so that chains confirmed by expiry (§11) are stored without new traffic. */
  @Bean
  Scheduler correlationScheduler() {
    return Scheduler.systemScheduler();
  }

  @Bean
  CorrelationSettings correlationSettings(SeqwatchProperties properties) {
    SeqwatchProperties.Correlation correlation = properties.correlation();
    return new CorrelationSettings(correlation.allowedLateness(), correlation.maximumWeight().toBytes(),
        correlation.maxCandidatesPerKey(), correlation.idleTimeoutWithoutMaxspan());
  }

}
