package dev.seqwatch.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqwatch.plan.QueryPlan;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.Threat;
import java.util.List;

/**
 * What an alert says about the rule that raised it, as it was when the alert was raised.
 *
 * @param buildingBlockType {@code "default"} when a building-block rule raised the alert; absent
 *     otherwise, and in alerts stored before SeqWatch read it from rule files
 * @param queryType what the rule's query is: {@value #EVENT}, {@value #SEQUENCE} or {@value #SAMPLE};
 *     absent in alerts stored before SeqWatch recorded it. Kibana writes an event query's alert as one
 *     document, and a sequence's or a sample's as a shell with a building block per event
 *     ({@link ElasticAlerts})
 */
public record RuleSummary(String id, String name, int version, String severity,
    @JsonProperty("risk_score") int riskScore, List<Threat> threat,
    @JsonProperty("building_block_type") @JsonInclude(JsonInclude.Include.NON_NULL) String buildingBlockType,
    @JsonProperty("query_type") @JsonInclude(JsonInclude.Include.NON_NULL) String queryType) {

  static final String EVENT = "event";
  static final String SEQUENCE = "sequence";
  static final String SAMPLE = "sample";

  static RuleSummary of(RuleDefinition rule, QueryPlan plan) {
    String queryType = plan instanceof QueryPlan.SequencePlan ? SEQUENCE
        : plan instanceof QueryPlan.SamplePlan ? SAMPLE : EVENT;
    return new RuleSummary(rule.ruleId(), rule.name(), rule.version(), rule.severity(), rule.riskScore(),
        rule.threat(), rule.buildingBlockType(), queryType);
  }

  /** Whether a building-block rule raised the alert. */
  boolean buildingBlock() {
    return buildingBlockType != null;
  }

  /** Whether the rule's query is an event query, whose every match is one event. */
  boolean eventQuery() {
    return EVENT.equals(queryType);
  }
}
