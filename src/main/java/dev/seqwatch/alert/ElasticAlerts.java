package dev.seqwatch.alert;

import dev.seqwatch.event.EventIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An alert in the shape Kibana writes to {@code .alerts-security.alerts-*} (docs/semantics.md §7).
 * For an EQL sequence or sample (§7.2–§7.4): one building-block document per event, carrying that
 * event's fields, and one shell document, all sharing {@code kibana.alert.group.id}, which is the
 * shell's {@code kibana.alert.uuid}. The shell also carries the fields every event has alike
 * ({@link CommonFields}), as Kibana's does. Bulk-loaded into an alerts index, they show as one
 * alert with its building blocks. For an event query, one document: the event's fields and the
 * alert's, with no group, as Kibana's executor wraps the {@code events} of an EQL response
 * ({@code wrapHits}) and only its {@code sequences} into groups. An alert stored before its rule's
 * query type was recorded gets the group shape, as all alerts did. Documents use dotted keys, which
 * Elasticsearch accepts as paths.
 */
final class ElasticAlerts {

  private ElasticAlerts() {
  }

  static List<ObjectNode> of(Alert alert, JsonMapper json) {
    List<JsonNode> events = alert.events().stream().map(event -> RawEvent.tree(event, json)).toList();
    // Each document of an event is the event with event.kind moved aside (the alert's own is
    // "signal"); a shell carries what its blocks share, as Kibana's does, before its own fields.
    List<ObjectNode> sources = new ArrayList<>();
    List<JsonNode> originalKinds = new ArrayList<>();
    for (JsonNode event : events) {
      ObjectNode source = event.isObject() ? ((ObjectNode) event).deepCopy() : json.createObjectNode();
      JsonNode originalKind = source.remove("event.kind");
      if (source.get("event") instanceof ObjectNode eventObject) {
        originalKind = eventObject.remove("kind");
      }
      sources.add(source);
      originalKinds.add(originalKind);
    }
    if (alert.rule().eventQuery() && events.size() == 1) {
      return List.of(single(alert, events.get(0), sources.get(0), originalKinds.get(0), json));
    }
    List<ObjectNode> documents = new ArrayList<>();
    ObjectNode shell = CommonFields.of(sources);
    shell.put("@timestamp", alert.detectedAt().toString());
    common(shell, alert, json);
    shell.put("kibana.alert.group.id", alert.id());
    shell.put("kibana.alert.uuid", alert.id());
    shell.put("kibana.alert.original_time", alert.firstEventAt().toString());
    shell.put("kibana.alert.depth", 1);
    shell.set("kibana.alert.ancestors", ancestors(events, json));
    markBuildingBlock(shell, alert);
    documents.add(shell);
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      ObjectNode block = sources.get(i);
      if (originalKinds.get(i) != null) {
        block.set("kibana.alert.original_event.kind", originalKinds.get(i));
      }
      block.put("@timestamp", alert.detectedAt().toString());
      common(block, alert, json);
      block.put("kibana.alert.group.id", alert.id());
      block.put("kibana.alert.uuid", EventIdentity.digest(alert.id(), List.of(Integer.toString(i))));
      block.put("kibana.alert.group.index", i);
      block.put("kibana.alert.building_block_type", "default");
      String original = Reasons.first(event, json, "@timestamp");
      if (original != null) {
        block.put("kibana.alert.original_time", original);
      }
      block.put("kibana.alert.depth", 1);
      documents.add(block);
    }
    return documents;
  }

  /** The one document of an event query's alert: its event's fields and the alert's, no group. */
  private static ObjectNode single(Alert alert, JsonNode event, ObjectNode source, JsonNode originalKind,
      JsonMapper json) {
    if (originalKind != null) {
      source.set("kibana.alert.original_event.kind", originalKind);
    }
    source.put("@timestamp", alert.detectedAt().toString());
    common(source, alert, json);
    source.put("kibana.alert.uuid", alert.id());
    String original = Reasons.first(event, json, "@timestamp");
    source.put("kibana.alert.original_time", original != null ? original : alert.firstEventAt().toString());
    source.put("kibana.alert.depth", 1);
    source.set("kibana.alert.ancestors", ancestors(List.of(event), json));
    markBuildingBlock(source, alert);
    return source;
  }

  /** Kibana marks a building-block rule's alert itself, which keeps it out of the default table. */
  private static void markBuildingBlock(ObjectNode document, Alert alert) {
    if (alert.rule().buildingBlock()) {
      document.put("kibana.alert.building_block_type", alert.rule().buildingBlockType());
    }
  }

  private static void common(ObjectNode document, Alert alert, JsonMapper json) {
    RuleSummary rule = alert.rule();
    document.put("event.kind", "signal");
    document.put("kibana.alert.reason", alert.reason());
    document.put("kibana.alert.severity", rule.severity());
    document.put("kibana.alert.risk_score", rule.riskScore());
    document.put("kibana.alert.status", "active");
    document.put("kibana.alert.workflow_status", "open");
    document.put("kibana.alert.rule.rule_id", rule.id());
    document.put("kibana.alert.rule.uuid", rule.id());
    document.put("kibana.alert.rule.name", rule.name());
    document.put("kibana.alert.rule.type", "eql");
    document.put("kibana.alert.rule.version", rule.version());
    document.put("kibana.alert.rule.severity", rule.severity());
    document.put("kibana.alert.rule.risk_score", rule.riskScore());
    document.set("kibana.alert.rule.threat", json.valueToTree(rule.threat()));
    document.put("kibana.alert.rule.producer", "siem");
    Map<String, Object> keys = new LinkedHashMap<>(alert.joinKeys());
    if (!keys.isEmpty()) {
      document.set("seqwatch.join_keys", json.valueToTree(keys));
    }
    if (alert.revises() != null) {
      document.put("seqwatch.revises", alert.revises());
    }
  }

  private static JsonNode ancestors(List<JsonNode> events, JsonMapper json) {
    var ancestors = json.createArrayNode();
    for (JsonNode event : events) {
      ObjectNode ancestor = json.createObjectNode();
      String id = Reasons.first(event, json, "event.id");
      if (id != null) {
        ancestor.put("id", id);
      }
      ancestor.put("type", "event");
      ancestor.put("depth", 0);
      String index = Reasons.first(event, json, "data_stream.type");
      if (index != null) {
        ancestor.put("index", index + "-" + Reasons.first(event, json, "data_stream.dataset") + "-"
            + Reasons.first(event, json, "data_stream.namespace"));
      }
      ancestors.add(ancestor);
    }
    return ancestors;
  }
}
