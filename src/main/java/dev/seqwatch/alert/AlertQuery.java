package dev.seqwatch.alert;

import java.time.Instant;

/**
 * Filters of the alert list; null means "any". {@code from} is inclusive, {@code to} exclusive;
 * {@code severity} is the rule's severity when the alert was raised (low, medium, high, critical);
 * {@code buildingBlock} true keeps only the alerts of building-block rules, false leaves them out.
 */
public record AlertQuery(String hostId, String ruleId, String severity, Boolean buildingBlock, Instant from,
    Instant to) {

  /** Any severity, building blocks or not. */
  public AlertQuery(String hostId, String ruleId, Instant from, Instant to) {
    this(hostId, ruleId, null, null, from, to);
  }
}
