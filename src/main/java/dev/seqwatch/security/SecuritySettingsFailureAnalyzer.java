package dev.seqwatch.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a security setting that cannot be used into a start-up report that names the property. */
class SecuritySettingsFailureAnalyzer extends AbstractFailureAnalyzer<SecuritySettingsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SecuritySettingsException cause) {
    return new FailureAnalysis("A security setting cannot be used: " + cause.getMessage(),
        "Fix the setting; docs/security.md shows how to make a key's hash and a bcrypt password hash.", cause);
  }
}
