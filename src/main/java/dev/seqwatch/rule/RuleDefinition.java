package dev.seqwatch.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A detection rule as written in the TOML format of Elastic's detection-rules repository, and
 * written out with the same key names. Only the
 * query decides what matches; the other fields describe the rule and its alerts.
 *
 * @param from and {@code interval} are Kibana's schedule, kept for the record: SeqWatch evaluates
 *     every event as it arrives
 * @param maxSignals the most new alerts the rule creates per ingest request (semantics §10.6)
 * @param eventCategoryOverride the field that {@code <category> where} tests instead of {@code
 *     event.category}, as Kibana passes it to Elasticsearch ({@code event_category_field}); null
 *     when the rule names none ({@link dev.seqwatch.eql.EventCategoryField})
 * @param buildingBlockType {@code "default"} for a building-block rule, null for any other. Its
 *     alerts are stored and reported like any other, and marked so that analysts can leave them
 *     out, as Kibana leaves them out of its alerts table unless asked (docs/semantics.md §7)
 */
public record RuleDefinition(
    @JsonProperty("rule_id") String ruleId,
    String name,
    String description,
    String type,
    String language,
    List<String> index,
    String query,
    String from,
    String interval,
    @JsonProperty("max_signals") int maxSignals,
    @JsonProperty("risk_score") int riskScore,
    String severity,
    List<String> tags,
    List<String> author,
    String license,
    List<String> references,
    List<Threat> threat,
    int version,
    @JsonProperty("event_category_override") @JsonInclude(JsonInclude.Include.NON_NULL) String eventCategoryOverride,
    @JsonProperty("building_block_type") @JsonInclude(JsonInclude.Include.NON_NULL) String buildingBlockType) {

  public RuleDefinition {
    index = List.copyOf(index);
    tags = List.copyOf(tags);
    author = List.copyOf(author);
    references = List.copyOf(references);
    threat = List.copyOf(threat);
  }
}
