package dev.seqwatch.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.Threat;
import java.util.List;

/** What an alert says about the rule that raised it, as it was when the alert was raised. */
public record RuleSummary(String id, String name, int version, String severity,
    @JsonProperty("risk_score") int riskScore, List<Threat> threat) {

  static RuleSummary of(RuleDefinition rule) {
    return new RuleSummary(rule.ruleId(), rule.name(), rule.version(), rule.severity(), rule.riskScore(),
        rule.threat());
  }
}
