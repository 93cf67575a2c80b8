package dev.seqwatch.config;

import dev.seqwatch.rule.RuleLoadException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a rule that does not load into a start-up report that names the file, line and column. */
class RuleLoadFailureAnalyzer extends AbstractFailureAnalyzer<RuleLoadException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RuleLoadException cause) {
    return new FailureAnalysis("A detection rule could not be loaded: " + cause.getMessage(),
        "Fix the rule file, or remove it from seqwatch.rules.path.", cause);
  }
}
