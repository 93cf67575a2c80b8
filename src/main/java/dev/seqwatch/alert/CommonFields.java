package dev.seqwatch.alert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every document of an alert says alike, as Kibana's shell alert of a sequence carries it
 * (reference §7.4; Kibana's {@code objectArrayIntersection} and {@code objectPairIntersection}):
 * so that the shell, the alert Kibana's table shows, has the host, the user and whatever else the
 * chain's events share.
 *
 * <p>The rules, Kibana's: dotted keys and nested objects name the same field
 * ({@code "host.id"} and {@code {"host": {"id"}}}); a field present in every document is kept when
 * its values are equal, or, when either is an array, as the values of the first found in every
 * other (a scalar counting as an array of one; the result may be empty), and an object that keeps
 * nothing is dropped. A field is written dotted when every document wrote it so, nested otherwise.
 * Array elements that are objects never match, as in Kibana, which compares them by reference.
 */
final class CommonFields {

  private CommonFields() {
  }

  /** The fields {@code documents} share; empty when they share none or there are none. */
  static ObjectNode of(List<? extends JsonNode> documents) {
    Map<List<String>, JsonNode> common = null;
    Set<List<String>> dottedEverywhere = null;
    for (JsonNode document : documents) {
      Map<List<String>, JsonNode> values = new LinkedHashMap<>();
      Set<List<String>> dotted = new HashSet<>();
      if (document instanceof ObjectNode object) {
        flatten(object, List.of(), values, dotted);
      }
      if (common == null) {
        common = values;
        dottedEverywhere = dotted;
      } else {
        common = intersect(common, values);
        dottedEverywhere.retainAll(dotted);
      }
    }
    ObjectNode shared = JsonNodeFactory.instance.objectNode();
    if (common != null) {
      for (Map.Entry<List<String>, JsonNode> field : common.entrySet()) {
        put(shared, field.getKey(), field.getValue(), dottedEverywhere.contains(field.getKey()));
      }
    }
    return shared;
  }

  /**
   * Every leaf of {@code object} (a value that is not an object) by its path, dotted keys split;
   * {@code dotted} gets the paths a dotted key named.
   */
  private static void flatten(ObjectNode object, List<String> prefix, Map<List<String>, JsonNode> values,
      Set<List<String>> dotted) {
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      List<String> path = new ArrayList<>(prefix);
      path.addAll(List.of(member.getKey().split("\\.", -1)));
      if (member.getValue() instanceof ObjectNode nested) {
        flatten(nested, path, values, dotted);
      } else {
        values.putIfAbsent(path, member.getValue());
        if (member.getKey().indexOf('.') >= 0) {
          dotted.add(path);
        }
      }
    }
  }

  /** The leaves of {@code a} that {@code b} has alike, in {@code a}'s order. */
  private static Map<List<String>, JsonNode> intersect(Map<List<String>, JsonNode> a, Map<List<String>, JsonNode> b) {
    Map<List<String>, JsonNode> shared = new LinkedHashMap<>();
    a.forEach((path, aValue) -> {
      JsonNode bValue = b.get(path);
      if (bValue == null) {
        return;
      }
      if (aValue.equals(bValue)) {
        shared.put(path, aValue);
      } else if (aValue.isArray() || bValue.isArray()) {
        shared.put(path, intersect(elements(aValue), elements(bValue)));
      }
    });
    return shared;
  }

  private static List<JsonNode> elements(JsonNode value) {
    List<JsonNode> elements = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(elements::add);
    } else {
      elements.add(value);
    }
    return elements;
  }

  /** Lodash's {@code intersection}: the distinct scalars of {@code a} that {@code b} holds, in order. */
  private static ArrayNode intersect(List<JsonNode> a, List<JsonNode> b) {
    ArrayNode shared = JsonNodeFactory.instance.arrayNode();
    Set<JsonNode> seen = new HashSet<>();
    for (JsonNode element : a) {
      if (!element.isContainer() && b.contains(element) && seen.add(element)) {
        shared.add(element);
      }
    }
    return shared;
  }

  /** Sets a copy of {@code value}: the shell must not share a node with a block that changes after. */
  private static void put(ObjectNode target, List<String> path, JsonNode value, boolean dotted) {
    value = value.deepCopy();
    if (dotted) {
      target.set(String.join(".", path), value);
      return;
    }
    ObjectNode parent = target;
    for (String key : path.subList(0, path.size() - 1)) {
      JsonNode child = parent.get(key);
      parent = child instanceof ObjectNode object ? object : parent.putObject(key);
    }
    parent.set(path.get(path.size() - 1), value);
  }
}
