package dev.seqwatch.alert;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Writes the one sentence an analyst reads first, from the ECS fields of the alert's events:
 * on which host, which executable started by which parent, where it connected, what it became.
 * Fields that are absent are left out rather than guessed.
 */
final class Reasons {

  private Reasons() {
  }

  static String of(String ruleName, List<JsonNode> events) {
    List<String> steps = new ArrayList<>();
    for (JsonNode event : events) {
      String step = step(event);
      if (!step.isEmpty()) {
        steps.add(step);
      }
    }
    String host = first(events.get(0), "host.name", "host.hostname", "host.id");
    return ruleName + (host == null ? "" : " on " + host) + (steps.isEmpty() ? "." : ": "
        + String.join(", then ", steps) + ".");
  }

  private static String step(JsonNode event) {
    String executable = first(event, "process.executable", "process.name");
    String destination = first(event, "destination.ip");
    if (destination != null) {
      String port = first(event, "destination.port");
      String action = first(event, "event.action");
      String verb = "connection_accepted".equals(action) ? "accepted a connection on " : "connected to ";
      return (executable == null ? "" : executable + " ") + verb + destination + (port == null ? "" : ":" + port);
    }
    if (executable == null) {
      return "";
    }
    String parent = first(event, "process.parent.name");
    return executable + (parent == null ? "" : " started by " + parent);
  }

  /** The first of {@code paths} that has a value, reading nested and dotted forms alike. */
  static String first(JsonNode event, String... paths) {
    for (String path : paths) {
      String value = value(event, path);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String value(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode direct = node.get(path);
    if (direct != null && direct.isValueNode() && !direct.isNull()) {
      return direct.asString();
    }
    if (direct != null && direct.isArray() && !direct.isEmpty() && direct.get(0).isValueNode()) {
      return direct.get(0).asString();
    }
    int dot = path.indexOf('.');
    while (dot > 0) {
      String value = value(node.get(path.substring(0, dot)), path.substring(dot + 1));
      if (value != null) {
        return value;
      }
      dot = path.indexOf('.', dot + 1);
    }
    return null;
  }
}
