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
    // Each document of an event is the event with its event.* fields also under
    // kibana.alert.original_event.* and event.kind moved aside (the alert's own is "signal"); a
    // shell carries what its blocks share, as Kibana's does, before its own fields.
    List<ObjectNode> sources = new ArrayList<>();
    for (JsonNode event : events) {
      ObjectNode source = event.isObject() ? ((ObjectNode) event).deepCopy() : json.createObjectNode();
      ObjectNode original = originalEvent(source, json);
      source.remove("event.kind");
      if (source.get("event") instanceof ObjectNode eventObject) {
        eventObject.remove("kind");
      }
      original.properties().forEach(field ->
          source.set("kibana.alert.original_event." + field.getKey(), field.getValue()));
      sources.add(source);
    }
    if (alert.rule().eventQuery() && events.size() == 1) {
      return List.of(single(alert, events.get(0), sources.get(0), json));
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
      ObjectNode block = ofEvent(sources.get(i), event, alert, json);
      block.put("kibana.alert.group.id", alert.id());
      block.put("kibana.alert.uuid", EventIdentity.digest(alert.id(), List.of(Integer.toString(i))));
      block.put("kibana.alert.group.index", i);
      block.put("kibana.alert.building_block_type", "default");
      documents.add(block);
    }
    return documents;
  }

  /**
   * The event's {@code event.*} fields, nested or dotted, by dotted names relative to {@code event},
   * as Kibana copies them into every alert of an event ({@code additionalAlertFields}): its alerts
   * table and exceptions read {@code kibana.alert.original_event.action}, {@code .category}, {@code
   * .dataset}, {@code .module} and the rest there. Where a document names one field twice (dotted
   * and nested), the first in the document counts, as in {@link CommonFields}.
   */
  private static ObjectNode originalEvent(ObjectNode source, JsonMapper json) {
    ObjectNode original = json.createObjectNode();
    source.properties().forEach(field -> {
      if (field.getKey().equals("event") && field.getValue() instanceof ObjectNode eventObject) {
        flatten(eventObject, "", original);
      } else if (field.getKey().startsWith("event.")) {
        flatten(field.getKey().substring("event.".length()), field.getValue(), original);
      }
    });
    return original;
  }

  private static void flatten(String name, JsonNode value, ObjectNode into) {
    if (value instanceof ObjectNode nested) {
      flatten(nested, name + ".", into);
    } else if (!into.has(name)) {
      into.set(name, value.deepCopy());
    }
  }

  private static void flatten(ObjectNode object, String prefix, ObjectNode into) {
    object.properties().forEach(field -> flatten(prefix + field.getKey(), field.getValue(), into));
  }

  /** The one document of an event query's alert: its event's fields and the alert's, no group. */
  private static ObjectNode single(Alert alert, JsonNode event, ObjectNode source, JsonMapper json) {
    ObjectNode document = ofEvent(source, event, alert, json);
    document.put("kibana.alert.uuid", alert.id());
    if (!document.has("kibana.alert.original_time")) {
      // The event's time came from elsewhere (Fluent Bit's date); it is the alert's first.
      document.put("kibana.alert.original_time", alert.firstEventAt().toString());
    }
    document.set("kibana.alert.ancestors", ancestors(List.of(event), json));
    markBuildingBlock(document, alert);
    return document;
  }

  /**
   * {@code source}, the document of {@code event}, with what every alert document of one event
   * carries, a building block's or an event query's alone: the alert's fields, and the event's own
   * time as the original one.
   */
  private static ObjectNode ofEvent(ObjectNode source, JsonNode event, Alert alert, JsonMapper json) {
    source.put("@timestamp", alert.detectedAt().toString());
    common(source, alert, json);
    String original = Reasons.first(event, json, "@timestamp");
    if (original != null) {
      source.put("kibana.alert.original_time", original);
    }
    source.put("kibana.alert.depth", 1);
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
