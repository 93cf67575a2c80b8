package dev.seqwatch.search;

import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The loaded rules, with their metadata and query text as their files give them. */
@RestController
@Tag(name = "Rules", description = "The detection rules SeqWatch runs")
class RulesController {

  private final RuleSet rules;

  RulesController(RuleSet rules) {
    this.rules = rules;
  }

  /** A loaded rule and the file it came from. */
  record LoadedRule(RuleDefinition rule, String origin) {
  }

  @GetMapping("/api/v1/rules")
  @Operation(summary = "Every loaded rule")
  List<LoadedRule> list() {
    return rules.rules().stream().map(RulesController::view).toList();
  }

  @GetMapping("/api/v1/rules/{id}")
  @Operation(summary = "One loaded rule by rule_id")
  LoadedRule one(@PathVariable String id) {
    return rules.rules().stream().filter(rule -> rule.id().equals(id)).findFirst().map(RulesController::view)
        .orElseThrow(() -> new NotFoundException("no loaded rule has rule_id " + id));
  }

  private static LoadedRule view(CompiledRule rule) {
    return new LoadedRule(rule.definition(), rule.origin());
  }
}
