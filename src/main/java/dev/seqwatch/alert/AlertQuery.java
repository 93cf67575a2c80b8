package dev.seqwatch.alert;

import java.time.Instant;

/**
 * Filters of the alert list; null means "any". {@code from} is inclusive, {@code to} exclusive;
 * {@code severity} is the rule's severity when the alert was raised (low, medium, high, critical).
 */
public record AlertQuery(String hostId, String ruleId, String severity, Instant from, Instant to) {

  /** Any severity. */
  public AlertQuery(String hostId, String ruleId, Instant from, Instant to) {
    this(hostId, ruleId, null, from, to);
  }
}
