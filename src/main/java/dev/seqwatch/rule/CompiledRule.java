package dev.seqwatch.rule;

import dev.seqwatch.eql.Query;
import dev.seqwatch.plan.QueryPlan;

/**
 * A loaded rule: its definition, its parsed query, the plan the engine runs and the index patterns
 * that decide which documents it sees. Immutable.
 */
public record CompiledRule(RuleDefinition definition, Query query, QueryPlan plan, String origin,
    IndexPatterns indices) {

  public CompiledRule(RuleDefinition definition, Query query, QueryPlan plan, String origin) {
    this(definition, query, plan, origin, IndexPatterns.of(definition.index()));
  }

  public String id() {
    return definition.ruleId();
  }
}
