package dev.seqwatch.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.Threat;
import java.util.List;

/**
 * What an alert says about the rule that raised it, as it was when the alert was raised.
 *
 * @param buildingBlockType {@code "default"} when a building-block rule raised the alert; absent
 *     otherwise, and in alerts stored before SeqWatch read it from rule files
 */
public record RuleSummary(String id, String name, int version, String severity,
    @JsonProperty("risk_score") int riskScore, List<Threat> threat,
    @JsonProperty("building_block_type") @JsonInclude(JsonInclude.Include.NON_NULL) String buildingBlockType) {

  static RuleSummary of(RuleDefinition rule) {
    return new RuleSummary(rule.ruleId(), rule.name(), rule.version(), rule.severity(), rule.riskScore(),
        rule.threat(), rule.buildingBlockType());
  }

  /** Whether a building-block rule raised the alert. */
  boolean buildingBlock() {
    return buildingBlockType != null;
  }
}
