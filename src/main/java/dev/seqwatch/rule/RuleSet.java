package dev.seqwatch.rule;

import dev.seqwatch.event.FieldSchema;
import java.util.List;

/**
 * The rules SeqWatch runs and the fields they read. The schema is built from all rules together,
 * so one pass over each event serves every rule.
 */
public record RuleSet(List<CompiledRule> rules, FieldSchema schema) {

  public RuleSet {
    rules = List.copyOf(rules);
  }
}
