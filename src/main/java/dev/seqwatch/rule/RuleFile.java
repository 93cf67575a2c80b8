package dev.seqwatch.rule;

import java.util.Locale;

/**
 * What became of one rule file: loaded, skipped for a reason SeqWatch knows and accepts, or failed
 * because the file is broken. Line and column are 1-based positions in the file, 0 when the problem
 * has no single place (a missing key, a rule type).
 *
 * @param ruleId the file's {@code rule_id}, null when the file could not be read that far
 * @param name the rule's name, null when the file could not be read that far
 * @param reason null exactly when the file is loaded
 * @param message what happened, for people; null when loaded
 */
public record RuleFile(String origin, String ruleId, String name, Status status, Reason reason, String message,
    int line, int column) {

  /** The three verdicts a file can get. */
  public enum Status {
    LOADED, SKIPPED, FAILED;

    /** The name as reports and the API write it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Why a file is not loaded. A skip is a rule SeqWatch is right not to run (or cannot run yet);
   * a failure is a file that needs fixing.
   */
  public enum Reason {
    /** A rule type or language other than EQL (query, esql, threshold, machine_learning, ...). */
    NOT_EQL(Status.SKIPPED),
    /** {@code [metadata] maturity = "deprecated"}: its authors no longer run it. */
    DEPRECATED(Status.SKIPPED),
    /** Its rule_id is listed in {@code seqwatch.rules.disabled}. */
    DISABLED(Status.SKIPPED),
    /** Another file with the same rule_id wins (a higher version, the first in path order, or a file over the bundled rule). */
    SUPERSEDED(Status.SKIPPED),
    /** Valid EQL with a construct SeqWatch does not evaluate yet. */
    UNSUPPORTED_EQL(Status.SKIPPED),
    /** The file is not valid TOML. */
    MALFORMED_TOML(Status.FAILED),
    /** The query is not valid EQL. */
    MALFORMED_EQL(Status.FAILED),
    /** A key of the rule is missing or has a wrong type or value. */
    INVALID_RULE(Status.FAILED),
    /** The file could not be read (permissions, not UTF-8). */
    UNREADABLE(Status.FAILED),
    /** Compiling the query failed in a way the compiler does not foresee: a SeqWatch bug, kept to this one rule. */
    COMPILER_ERROR(Status.FAILED);

    private final Status status;

    Reason(Status status) {
      this.status = status;
    }

    public Status status() {
      return status;
    }

    /** The name as reports and the API write it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static RuleFile loaded(CompiledRule rule) {
    return new RuleFile(rule.origin(), rule.id(), rule.definition().name(), Status.LOADED, null, null, 0, 0);
  }

  static RuleFile notLoaded(String origin, String ruleId, String name, Reason reason, String message, int line,
      int column) {
    return new RuleFile(origin, ruleId, name, reason.status(), reason, message, line, column);
  }

  /** One line of a report: {@code SKIPPED unsupported_eql rules/x.toml:12:5: join queries is not supported yet}. */
  public String describe() {
    String where = origin + (line > 0 ? ":" + line + ":" + column : "");
    if (status == Status.LOADED) {
      return "LOADED " + where + " (" + ruleId + " \"" + name + "\")";
    }
    return status.name() + " " + reason.label() + " " + where + ": " + message;
  }
}
