package dev.seqwatch.ruleset;

import dev.seqwatch.rule.RuleFile;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a rule set refused by strict mode into a start-up report that lists every refused file. */
class RulesRefusedFailureAnalyzer extends AbstractFailureAnalyzer<RulesRefusedException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RulesRefusedException cause) {
    String files = cause.refused().stream().map(RuleFile::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
    return new FailureAnalysis("The rules cannot all run: " + cause.getMessage() + files,
        "Fix or remove these files, disable their rules with seqwatch.rules.disabled, or set"
            + " seqwatch.rules.strict=false to run the rules that can run.", cause);
  }
}
