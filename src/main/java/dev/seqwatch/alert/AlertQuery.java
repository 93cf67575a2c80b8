package dev.seqwatch.alert;

import java.time.Instant;

/** Filters of the alert list; null means "any". {@code from} is inclusive, {@code to} exclusive. */
public record AlertQuery(String hostId, String ruleId, Instant from, Instant to) {
}
