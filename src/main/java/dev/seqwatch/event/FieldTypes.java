package dev.seqwatch.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What SeqWatch knows of the index mappings its events would have in Elasticsearch: the ECS field
 * types it ships, then the mappings a user adds ({@code seqwatch.mappings}), a later file winning
 * over an earlier one and every file over ECS. A field in neither is {@link FieldMapping#DYNAMIC}.
 * Immutable.
 *
 * <p>The ECS list ({@code ecs-fields.txt} beside this class) is ours, written from the ECS field
 * reference: each line is {@code <field> <type>[:<ignore_above>]}; a field ending in {@code .*}
 * sets the type of every field under that prefix that no line names (ECS maps keywords with
 * {@code ignore_above: 1024}). Fields named {@code ip} or ending in {@code .ip} are {@code ip},
 * as every ECS address field is.
 */
public final class FieldTypes {

  /** Lenient on {@code #} comment lines, which mapping files kept beside test data often carry. */
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_YAML_COMMENTS).build();
  private static final FieldTypes ECS = new FieldTypes(readEcs(), Map.of());

  private final Map<String, FieldMapping> ecs;
  private final Map<String, FieldMapping> user;

  private FieldTypes(Map<String, FieldMapping> ecs, Map<String, FieldMapping> user) {
    this.ecs = ecs;
    this.user = user;
  }

  /** The ECS field types, with no user mapping. */
  public static FieldTypes ecs() {
    return ECS;
  }

  /**
   * These types with the fields of one Elasticsearch mapping added: an index's {@code mappings},
   * a create-index body, an index or component template ({@code template.mappings}) or a
   * {@code GET _mapping} answer. Objects nest through {@code properties}; multi-fields
   * ({@code fields}) add {@code name.sub}; a {@code text} field with a {@code keyword} sub-field is
   * compared through that sub-field, as Elasticsearch's exact attribute is; {@code alias} fields take
   * their target's mapping.
   *
   * @throws MappingException naming {@code origin} when the text is not such a mapping
   */
  public FieldTypes withMapping(String origin, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new MappingException(origin, "not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode properties = properties(root);
    if (properties == null) {
      throw new MappingException(origin, "no \"properties\" found (expected a mapping, an index"
          + " template or a GET _mapping answer)");
    }
    Map<String, FieldMapping> added = new LinkedHashMap<>(user);
    Map<String, String> aliases = new HashMap<>();
    collect(origin, properties, "", added, aliases);
    aliases.forEach((alias, target) -> {
      FieldMapping mapping = added.get(target);
      if (mapping != null) {
        added.put(alias, mapping);
      }
    });
    return new FieldTypes(ecs, Map.copyOf(added));
  }

  /** The mapping of {@code field}. */
  public FieldMapping of(String field) {
    FieldMapping mapping = user.get(field);
    if (mapping == null) {
      mapping = ecs.get(field);
    }
    if (mapping != null) {
      return mapping;
    }
    if (field.equals("ip") || field.endsWith(".ip")) {
      return FieldMapping.of(FieldType.IP);
    }
    for (int dot = field.lastIndexOf('.'); dot > 0; dot = field.lastIndexOf('.', dot - 1)) {
      FieldMapping prefix = ecs.get(field.substring(0, dot) + ".*");
      if (prefix != null) {
        return prefix;
      }
    }
    return FieldMapping.DYNAMIC;
  }

  private static JsonNode properties(JsonNode root) {
    if (root == null || !root.isObject()) {
      return null;
    }
    if (root.path("properties").isObject()) {
      return root.get("properties");
    }
    for (String wrapper : List.of("mappings", "template")) {
      JsonNode found = properties(root.get(wrapper));
      if (found != null) {
        return found;
      }
    }
    if (root.size() == 1) {
      // GET _mapping answers {"<index>": {"mappings": ...}}
      return properties(root.iterator().next());
    }
    return null;
  }

  private static void collect(String origin, JsonNode properties, String prefix,
      Map<String, FieldMapping> into, Map<String, String> aliases) {
    Iterator<Map.Entry<String, JsonNode>> fields = properties.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String name = prefix + entry.getKey();
      JsonNode field = entry.getValue();
      if (field.path("properties").isObject()) {
        collect(origin, field.get("properties"), name + ".", into, aliases);
        continue;
      }
      String type = field.path("type").asString("object");
      if (type.equals("alias")) {
        aliases.put(name, field.path("path").asString(""));
        continue;
      }
      FieldMapping mapping = mapping(origin, name, type, field);
      if (mapping == null) {
        continue;
      }
      JsonNode subFields = field.path("fields");
      if (subFields.isObject()) {
        for (Map.Entry<String, JsonNode> sub : subFields.properties()) {
          FieldMapping subMapping = mapping(origin, name + "." + sub.getKey(),
              sub.getValue().path("type").asString("object"), sub.getValue());
          if (subMapping != null) {
            into.put(name + "." + sub.getKey(), subMapping);
            if (mapping.type() == FieldType.TEXT && subMapping.type() == FieldType.KEYWORD) {
              mapping = subMapping;
            }
          }
        }
      }
      into.put(name, mapping);
    }
  }

  private static FieldMapping mapping(String origin, String name, String type, JsonNode field) {
    FieldType fieldType = switch (type.toLowerCase(Locale.ROOT)) {
      case "keyword", "constant_keyword", "wildcard" -> FieldType.KEYWORD;
      case "text", "match_only_text" -> FieldType.TEXT;
      case "long", "integer", "short", "byte", "unsigned_long" -> FieldType.LONG;
      case "double", "float", "half_float", "scaled_float" -> FieldType.DOUBLE;
      case "date", "date_nanos" -> FieldType.DATE;
      case "ip" -> FieldType.IP;
      case "boolean" -> FieldType.BOOLEAN;
      case "version" -> FieldType.VERSION;
      default -> null; // object, nested, flattened, geo_point...: not a value EQL compares
    };
    if (fieldType == null) {
      return null;
    }
    int ignoreAbove = FieldMapping.UNLIMITED;
    JsonNode limit = field.get("ignore_above");
    if (limit != null) {
      if (!limit.canConvertToInt() || limit.asInt() < 0) {
        throw new MappingException(origin, name + ": ignore_above must be a whole number >= 0");
      }
      ignoreAbove = limit.asInt();
    }
    JsonNode nullValue = field.get("null_value");
    String nullText = nullValue == null || nullValue.isNull() ? null
        : nullValue.isString() ? nullValue.asString() : nullValue.toString();
    return new FieldMapping(fieldType, ignoreAbove, nullText);
  }

  private static Map<String, FieldMapping> readEcs() {
    Map<String, FieldMapping> types = new HashMap<>();
    try (InputStream in = FieldTypes.class.getResourceAsStream("ecs-fields.txt")) {
      if (in == null) {
        throw new IllegalStateException("ecs-fields.txt is missing from the class path");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        String[] type = parts[1].split(":");
        int ignoreAbove = type.length > 1 ? Integer.parseInt(type[1]) : FieldMapping.UNLIMITED;
        types.put(parts[0], new FieldMapping(FieldType.valueOf(type[0].toUpperCase(Locale.ROOT)),
            ignoreAbove, null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(types);
  }
}
