package dev.seqwatch.config;

import dev.seqwatch.event.EventLimits;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the rules and builds the one engine that runs them. A rule that does not load stops
 * start-up: running with a rule silently missing would be a gap in detection nobody sees.
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

  @Bean
  RuleSet ruleSet(SeqwatchProperties properties, FieldTypes types) {
    List<RuleSource> sources = new ArrayList<>();
    if (properties.rules().includeBundled()) {
      sources.add(RuleSource.bundled());
    }
    if (properties.rules().path() != null) {
      sources.addAll(RuleSource.fromDirectory(properties.rules().path()));
    }
    RuleSet rules = RuleCompiler.compile(sources, types);
    if (rules.rules().isEmpty()) {
      log.warn("No rules are loaded: SeqWatch will accept events and detect nothing");
    }
    rules.rules().forEach(rule -> log.info("Loaded rule {} \"{}\" from {}", rule.id(),
        rule.definition().name(), rule.origin()));
    return rules;
  }

  /** The bounds on one event's shape, for ingest and for EQL search alike. */
  @Bean
  EventLimits eventLimits(SeqwatchProperties properties) {
    SeqwatchProperties.Ingest ingest = properties.ingest();
    return new EventLimits(ingest.maxNestingDepth(), ingest.maxStringLength(), ingest.maxFieldsPerEvent());
  }

  @Bean
  EventReader eventReader(RuleSet rules, EventLimits limits, SeqwatchProperties properties) {
    return new EventReader(rules.schema(), limits, properties.ingest().dateAsTimestamp());
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  CorrelationSettings correlationSettings(SeqwatchProperties properties) {
    SeqwatchProperties.Correlation correlation = properties.correlation();
    return new CorrelationSettings(correlation.allowedLateness(), correlation.maximumWeight().toBytes(),
        correlation.maxCandidatesPerKey(), correlation.idleTimeoutWithoutMaxspan());
  }

  @Bean
  DetectionEngine detectionEngine(RuleSet rules, CorrelationSettings settings) {
    return new DetectionEngine(rules, settings);
  }

}
