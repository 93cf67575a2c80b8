package dev.seqwatch.ruleset;

import dev.seqwatch.rule.RuleLoadException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a rules path that cannot be read (a folder that does not exist) into a start-up report.
 * Problems of single files never stop the start; see {@link RulesRefusedFailureAnalyzer} for strict mode.
 */
class RuleLoadFailureAnalyzer extends AbstractFailureAnalyzer<RuleLoadException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RuleLoadException cause) {
    return new FailureAnalysis("The detection rules could not be loaded: " + cause.getMessage(),
        "Point seqwatch.rules.path at existing folders of rule files.", cause);
  }
}
