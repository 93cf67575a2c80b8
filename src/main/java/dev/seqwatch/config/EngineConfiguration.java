package dev.seqwatch.config;

import dev.seqwatch.event.EventLimits;
import dev.seqwatch.event.FieldTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.seqwatch.sequence.CorrelationSettings;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's settings: event limits, correlation settings and the clock. The rules, the reader
 * and the engine built from them are {@link dev.seqwatch.ruleset.ActiveRules}, replaced together
 * on reload.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

  /** The bundled ECS field types with the user's mapping files added, in order. */
  @Bean
  FieldTypes fieldTypes(SeqwatchProperties properties) throws IOException {
    FieldTypes types = FieldTypes.ecs();
    for (Path file : properties.mappings()) {
      types = types.withMapping(file.toString(), Files.readString(file));
      log.info("Loaded field mappings from {}", file);
    }
    return types;
  }

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
