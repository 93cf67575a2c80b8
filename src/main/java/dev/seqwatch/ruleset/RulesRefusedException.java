package dev.seqwatch.ruleset;

import dev.seqwatch.rule.RuleFile;
import dev.seqwatch.rule.RuleLoad;
import java.util.List;

/**
 * Strict mode ({@code seqwatch.rules.strict=true}) refuses a rule set in which a rule failed or
 * uses an EQL construct not supported yet. At start-up it stops SeqWatch; on reload the running
 * set is kept.
 */
public final class RulesRefusedException extends RuntimeException {

  private final transient RuleLoad load;

  RulesRefusedException(RuleLoad load) {
    super(load.refusedWhenStrict().size() + " rule file(s) cannot run and seqwatch.rules.strict is true ("
        + load.summary() + ")");
    this.load = load;
  }

  /** The files strict mode refuses. */
  public List<RuleFile> refused() {
    return load.refusedWhenStrict();
  }

  public RuleLoad load() {
    return load;
  }
}
