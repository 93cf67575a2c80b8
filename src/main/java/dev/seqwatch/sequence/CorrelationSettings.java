package dev.seqwatch.sequence;

import java.time.Duration;

/**
 * How the engine keeps per-key state.
 *
 * @param allowedLateness how far behind a key's newest event another may arrive and still be put
 *     in its place (semantics §10.2, §10.3)
 * @param maximumWeightBytes bound on the approximate bytes of all keys' state; the least recently
 *     used keys are evicted past it
 * @param maxCandidatesPerKey bound on the events one key keeps for re-ordering
 * @param idleTimeoutWithoutMaxspan how long the state of a sequence without maxspan lives without
 *     new events
 */
public record CorrelationSettings(Duration allowedLateness, long maximumWeightBytes,
    int maxCandidatesPerKey, Duration idleTimeoutWithoutMaxspan) {

  public static final CorrelationSettings DEFAULTS =
      new CorrelationSettings(Duration.ofSeconds(5), 256L << 20, 1024, Duration.ofMinutes(10));

  public CorrelationSettings {
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowed lateness must not be negative");
    }
    if (maximumWeightBytes <= 0 || maxCandidatesPerKey <= 0) {
      throw new IllegalArgumentException("state bounds must be positive");
    }
  }

  public CorrelationSettings withAllowedLateness(Duration lateness) {
    return new CorrelationSettings(lateness, maximumWeightBytes, maxCandidatesPerKey, idleTimeoutWithoutMaxspan);
  }

  public CorrelationSettings withMaximumWeightBytes(long bytes) {
    return new CorrelationSettings(allowedLateness, bytes, maxCandidatesPerKey, idleTimeoutWithoutMaxspan);
  }
}
