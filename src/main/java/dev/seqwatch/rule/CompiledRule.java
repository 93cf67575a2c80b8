package dev.seqwatch.rule;

import dev.seqwatch.eql.Query;
import dev.seqwatch.plan.QueryPlan;

/** A loaded rule: its definition, its parsed query and the plan the engine runs. Immutable. */
public record CompiledRule(RuleDefinition definition, Query query, QueryPlan plan, String origin) {

  public String id() {
    return definition.ruleId();
  }
}
