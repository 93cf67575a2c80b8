package dev.seqwatch.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A detection as analysts and shippers see it, and as it is stored: the rule, the join keys, the
 * times, a sentence that explains it and the original documents of its events in stage order.
 *
 * @param isNew in an ingest response, whether this request created the alert; absent when read
 *     back from the store
 * @param revises the alert that a late event rearranged into this one (docs/semantics.md §10.2)
 * @param alsoRevises further alerts the same late event rearranged into this one, in the rare case
 *     that there are several
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
    String id,
    @JsonProperty("new") Boolean isNew,
    RuleSummary rule,
    @JsonProperty("join_keys") Map<String, Object> joinKeys,
    @JsonProperty("first_event_at") Instant firstEventAt,
    @JsonProperty("last_event_at") Instant lastEventAt,
    @JsonProperty("detected_at") Instant detectedAt,
    String reason,
    String revises,
    @JsonProperty("also_revises") List<String> alsoRevises,
    List<JsonNode> events) {

  public Alert withNewFlag(boolean created) {
    return new Alert(id, created, rule, joinKeys, firstEventAt, lastEventAt, detectedAt, reason, revises,
        alsoRevises, events);
  }

  Alert asStored() {
    return new Alert(id, null, rule, joinKeys, firstEventAt, lastEventAt, detectedAt, reason, revises,
        alsoRevises, events);
  }
}
