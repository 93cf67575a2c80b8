package dev.seqwatch.search;

import dev.seqwatch.event.FieldType;
import dev.seqwatch.event.FieldTypes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields an index holding a search's events would have in its mapping: those of the mappings
 * (bundled ECS and {@code seqwatch.mappings}) and every field with a non-null value in some event,
 * as dynamic mapping adds them (a null or an empty array adds none: ES {@code DocumentParser}).
 * Elasticsearch resolves optional fields against exactly this set (semantics §16).
 */
final class MappedFields {

  private final FieldTypes types;
  private final Set<String> present = new HashSet<>();

  private MappedFields(FieldTypes types) {
    this.types = types;
  }

  static MappedFields of(FieldTypes types, List<JsonNode> events) {
    MappedFields fields = new MappedFields(types);
    for (JsonNode event : events) {
      fields.collect("", event);
    }
    return fields;
  }

  boolean contains(String field) {
    return present.contains(field) || types.of(field).type() != FieldType.DYNAMIC;
  }

  private void collect(String prefix, JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        collect(prefix + property.getKey() + ".", property.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collect(prefix, element);
      }
    } else if (!node.isNull() && !prefix.isEmpty()) {
      present.add(prefix.substring(0, prefix.length() - 1));
    }
  }
}
