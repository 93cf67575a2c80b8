package dev.seqwatch.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqwatch.alert.Alert;
import java.util.List;

/**
 * The verdict on one batch: how many events were evaluated, which were rejected and why, and the
 * alerts the batch completed, each once.
 *
 * @param alertsOverLimit alerts not created because a rule reached its {@code max_signals} for
 *     this request (docs/semantics.md §10.6)
 * @param queued true, and no alerts, when the events were produced to the events topic for the
 *     instance that owns their host to evaluate ({@code seqwatch.ingest.mode=kafka})
 */
public record IngestResponse(int accepted, List<Rejected> rejected, List<Alert> alerts,
    @JsonProperty("alerts_over_limit") int alertsOverLimit,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean queued) {

  /** An event that was not evaluated, by its position in the batch (0-based). */
  public record Rejected(int index, String reason) {
  }
}
