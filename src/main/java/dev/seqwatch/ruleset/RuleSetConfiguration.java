package dev.seqwatch.ruleset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes the running rule set to ingest, the Kafka consumer, metrics and health. */
@Configuration(proxyBeanMethods = false)
class RuleSetConfiguration {

  @Bean
  ActiveRules activeRules(RuleSetService service) {
    return service.active();
  }
}
