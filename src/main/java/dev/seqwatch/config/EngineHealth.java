package dev.seqwatch.config;

import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.DetectionEngine;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The engine's part of health and info: UP with the rules it runs; OUT_OF_SERVICE when no rule is
 * loaded, because then every event would be accepted and nothing detected.
 */
@Component("engine")
class EngineHealth implements HealthIndicator, InfoContributor {

  private final ActiveRules active;

  EngineHealth(ActiveRules active) {
    this.active = active;
  }

  @Override
  public Health health() {
    DetectionEngine engine = active.current().engine();
    int rules = engine.rules().size();
    return (rules > 0 ? Health.up() : Health.outOfService())
        .withDetail("rules", rules)
        .withDetail("correlationKeys", engine.estimatedKeys())
        .build();
  }

  @Override
  public void contribute(Info.Builder builder) {
    DetectionEngine engine = active.current().engine();
    builder.withDetail("engine", Map.of("rules", engine.rules().size(),
        "ruleIds", engine.rules().stream().map(rule -> rule.id()).toList()));
  }
}
