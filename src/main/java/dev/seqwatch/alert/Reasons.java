package dev.seqwatch.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the one sentence an analyst reads first, from the ECS fields of the alert's events:
 * on which host, which executable started by which parent, where it connected, what it became.
 * Fields that are absent are left out rather than guessed.
 *
 * <p>Fields are read in nested and dotted forms alike ({@code {"process": {"name": …}}} or {@code
 * {"process.name": …}}), the first value of an array counting. An event of a new alert is still
 * its sender's bytes ({@link RawEvent}): its fields are picked out in one streaming pass, without
 * building its tree; should one document hold a field in both forms, the first in the document
 * counts there, the whole dotted name in a tree read back from the store.
 */
final class Reasons {

  private static final List<String> HOST = List.of("host.name", "host.hostname", "host.id");
  private static final List<String> EXECUTABLE = List.of("process.executable", "process.name");
  private static final Wanted READ = Wanted.of(List.of("host.name", "host.hostname", "host.id",
      "process.executable", "process.name", "destination.ip", "destination.port", "event.action",
      "process.parent.name"));

  /**
   * Paths to pick out, and every object prefix that leads to one ({@code "process."}, {@code
   * "process.parent."}): a streaming pass descends only into those objects.
   */
  private record Wanted(Set<String> paths, Set<String> prefixes) {
    static Wanted of(List<String> paths) {
      Set<String> prefixes = new HashSet<>();
      for (String path : paths) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
          prefixes.add(path.substring(0, dot + 1));
        }
      }
      return new Wanted(Set.copyOf(paths), Set.copyOf(prefixes));
    }
  }

  private Reasons() {
  }

  static String of(String ruleName, List<JsonNode> events, JsonMapper json) {
    List<String> steps = new ArrayList<>();
    Map<String, String> firstEvent = null;
    for (JsonNode event : events) {
      Map<String, String> fields = fields(event, json, READ);
      firstEvent = firstEvent == null ? fields : firstEvent;
      String step = step(fields);
      if (!step.isEmpty()) {
        steps.add(step);
      }
    }
    String host = firstEvent == null ? null : first(firstEvent, HOST);
    return ruleName + (host == null ? "" : " on " + host) + (steps.isEmpty() ? "." : ": "
        + String.join(", then ", steps) + ".");
  }

  private static String step(Map<String, String> event) {
    String executable = first(event, EXECUTABLE);
    String destination = event.get("destination.ip");
    if (destination != null) {
      String port = event.get("destination.port");
      String verb = "connection_accepted".equals(event.get("event.action")) ? "accepted a connection on "
          : "connected to ";
      return (executable == null ? "" : executable + " ") + verb + destination + (port == null ? "" : ":" + port);
    }
    if (executable == null) {
      return "";
    }
    String parent = event.get("process.parent.name");
    return executable + (parent == null ? "" : " started by " + parent);
  }

  private static String first(Map<String, String> fields, List<String> paths) {
    for (String path : paths) {
      String value = fields.get(path);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The first of {@code paths} that {@code event} (a tree or a {@link RawEvent}) has a value for. */
  static String first(JsonNode event, JsonMapper json, String... paths) {
    List<String> ordered = List.of(paths);
    return first(fields(event, json, Wanted.of(ordered)), ordered);
  }

  /** The values {@code event} has for the {@code wanted} paths, each path to its first value. */
  private static Map<String, String> fields(JsonNode event, JsonMapper json, Wanted wanted) {
    byte[] document = RawEvent.bytes(event);
    Map<String, String> found = new HashMap<>();
    if (document == null) {
      for (String path : wanted.paths()) {
        String value = value(event, path);
        if (value != null) {
          found.put(path, value);
        }
      }
      return found;
    }
    try (JsonParser parser = json.createParser(document)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        members(parser, "", wanted, found);
      }
    }
    return found;
  }

  /**
   * The members of the object the parser is in, whose names lead on from {@code prefix}; true once
   * every path has a value, when the rest of the document need not be read.
   */
  private static boolean members(JsonParser parser, String prefix, Wanted wanted, Map<String, String> found) {
    Set<String> paths = wanted.paths();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String path = prefix + parser.currentName();
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT) {
        if (!wanted.prefixes().contains(path + ".")) {
          parser.skipChildren();
        } else if (members(parser, path + ".", wanted, found)) {
          return true;
        }
      } else if (token == JsonToken.START_ARRAY) {
        JsonToken element = parser.nextToken();
        if (element.isScalarValue() && element != JsonToken.VALUE_NULL && paths.contains(path)) {
          found.putIfAbsent(path, parser.getString());
        }
        if (element != JsonToken.END_ARRAY) {
          if (element.isStructStart()) {
            parser.skipChildren();
          }
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
          }
        }
      } else if (token != JsonToken.VALUE_NULL && paths.contains(path)) {
        found.putIfAbsent(path, parser.getString());
      }
      if (found.size() == paths.size()) {
        return true;
      }
    }
    return false;
  }

  private static String value(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode direct = node.get(path);
    if (direct != null && direct.isValueNode() && !direct.isNull()) {
      return direct.asString();
    }
    if (direct != null && direct.isArray() && !direct.isEmpty() && direct.get(0).isValueNode()
        && !direct.get(0).isNull()) {
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
