package dev.seqwatch.rule;

import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.eql.EventCategoryField;
import dev.seqwatch.eql.Query;
import dev.seqwatch.eql.UnsupportedEqlException;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.FieldTypes;
import dev.seqwatch.plan.Planner;
import dev.seqwatch.plan.QueryPlan;
import dev.seqwatch.rule.Threat.Reference;
import dev.seqwatch.rule.Threat.Technique;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Loads rule files: TOML to {@link RuleDefinition}, its query to a {@link Query}, and the query to
 * a {@link QueryPlan}, all rules sharing one {@link FieldSchema}.
 *
 * <p>Every problem is reported against the rule file: a TOML syntax error at its own position, an
 * EQL error at the position of the offending token translated from the query text to the file.
 */
public final class RuleCompiler {

  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  private static final TomlMapper TOML = new TomlMapper();

  private RuleCompiler() {
  }

  /**
   * Compiles every source into one rule set.
   *
   * @throws RuleLoadException naming the file, line and column of the first problem
   */
  public static RuleSet compile(List<RuleSource> sources) {
    return compile(sources, FieldTypes.ecs());
  }

  /**
   * Compiles every source into one rule set whose fields have the types of {@code types}. A
   * function that fails on an event makes that condition false for it ({@link Planner.Errors#NO_MATCH}).
   *
   * @throws RuleLoadException naming the file, line and column of the first problem
   */
  public static RuleSet compile(List<RuleSource> sources, FieldTypes types) {
    FieldSchema.Builder fields = FieldSchema.builder(types);
    List<CompiledRule> rules = new ArrayList<>();
    Map<String, String> originById = new HashMap<>();
    for (RuleSource source : sources) {
      CompiledRule rule = compile(source, fields);
      String earlier = originById.putIfAbsent(rule.id(), source.origin());
      if (earlier != null) {
        throw new RuleLoadException(source.origin(), 0, 0,
            "rule_id " + rule.id() + " is already used by " + earlier);
      }
      rules.add(rule);
    }
    return new RuleSet(rules, fields.build());
  }

  /**
   * Compiles a parsed query as a rule of its own, for trying a query before it becomes a rule.
   *
   * @param query the text {@code parsed} was read from, kept as the rule's query
   * @throws dev.seqwatch.eql.EqlParseException with the position in the query text
   */
  public static RuleSet compileQuery(Query parsed, String query, FieldTypes types) {
    FieldSchema.Builder fields = FieldSchema.builder(types);
    QueryPlan plan = Planner.plan(parsed, fields, Planner.Errors.THROW);
    RuleDefinition definition = new RuleDefinition("eql-search", "EQL search", "", "eql", "eql", List.of(),
        query, "", "", Integer.MAX_VALUE, 0, "low", List.of(), List.of(), "", List.of(), List.of(), 1, null, null);
    return new RuleSet(List.of(new CompiledRule(definition, parsed, plan, "request")), fields.build());
  }

  private static CompiledRule compile(RuleSource source, FieldSchema.Builder fields) {
    return plan(source, definition(source, readToml(source)), fields);
  }

  /**
   * Parses and plans a rule's query, registering the fields it reads in {@code fields}.
   *
   * @throws RuleLoadException {@link RuleFile.Reason#UNSUPPORTED_EQL} or {@link RuleFile.Reason#MALFORMED_EQL}
   *     at the position in the file
   */
  static CompiledRule plan(RuleSource source, RuleDefinition definition, FieldSchema.Builder fields) {
    try {
      Query query = EqlParser.parse(definition.query());
      if (definition.eventCategoryOverride() != null) {
        query = EventCategoryField.apply(query, definition.eventCategoryOverride());
      }
      QueryPlan plan = Planner.plan(query, fields, Planner.Errors.NO_MATCH);
      return new CompiledRule(definition, query, plan, source.origin());
    } catch (EqlParseException e) {
      int[] at = positionInFile(source.text(), definition.query(), e.line(), e.column());
      RuleFile.Reason kind = e instanceof UnsupportedEqlException
          ? RuleFile.Reason.UNSUPPORTED_EQL : RuleFile.Reason.MALFORMED_EQL;
      throw new RuleLoadException(kind, source.origin(), at[0], at[1], "query: " + e.reason()
          + (at[2] == 1 ? "" : " (line " + e.line() + ":" + e.column() + " of the query)"));
    }
  }

  /** The file as a TOML tree. @throws RuleLoadException {@link RuleFile.Reason#MALFORMED_TOML} */
  static JsonNode readToml(RuleSource source) {
    try {
      return TOML.readTree(source.text());
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      throw new RuleLoadException(RuleFile.Reason.MALFORMED_TOML, source.origin(), at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), "not valid TOML: " + e.getOriginalMessage());
    }
  }

  /**
   * The rule of a TOML tree. A deprecated rule and a rule of another type are refused first, as
   * skips, before the keys an EQL rule needs are checked.
   *
   * @throws RuleLoadException {@link RuleFile.Reason#DEPRECATED}, {@link RuleFile.Reason#NOT_EQL} or
   *     {@link RuleFile.Reason#INVALID_RULE}
   */
  static RuleDefinition definition(RuleSource source, JsonNode root) {
    if (!root.path("rule").isObject()) {
      throw new RuleLoadException(source.origin(), 0, 0, "missing the [rule] table");
    }
    // detection-rules marks rules its authors no longer run; Kibana does not install them either.
    if ("deprecated".equals(root.path("metadata").path("maturity").asString(""))) {
      throw new RuleLoadException(RuleFile.Reason.DEPRECATED, source.origin(), 0, 0,
          "the rule is deprecated ([metadata] maturity = \"deprecated\")");
    }
    Fields rule = new Fields(source, root.path("rule"), "rule");
    String type = rule.requiredString("type");
    String language = type.equals("eql") ? rule.requiredString("language") : rule.optionalString("language", "");
    if (!type.equals("eql") || !language.equals("eql")) {
      throw new RuleLoadException(RuleFile.Reason.NOT_EQL, source.origin(), 0, 0, "rule type '" + type
          + "'" + (language.isEmpty() ? "" : " in language '" + language + "'")
          + " is not supported yet; SeqWatch runs type = \"eql\", language = \"eql\"");
    }
    String severity = rule.requiredString("severity");
    if (!SEVERITIES.contains(severity)) {
      throw rule.problem("severity", "must be one of low, medium, high, critical but is '" + severity + "'");
    }
    int riskScore = rule.requiredInt("risk_score");
    if (riskScore < 0 || riskScore > 100) {
      throw rule.problem("risk_score", "must be 0 to 100 but is " + riskScore);
    }
    int maxSignals = rule.optionalInt("max_signals", 100);
    if (maxSignals < 1) {
      throw rule.problem("max_signals", "must be at least 1");
    }
    refuseOtherOrder(rule, "timestamp_field", "@timestamp");
    refuseOtherOrder(rule, "tiebreaker_field", "event.sequence");
    return new RuleDefinition(
        rule.requiredString("rule_id"),
        rule.requiredString("name"),
        rule.optionalString("description", ""),
        type,
        language,
        rule.strings("index"),
        rule.requiredString("query"),
        rule.optionalString("from", "now-6m"),
        rule.optionalString("interval", "5m"),
        maxSignals,
        riskScore,
        severity,
        rule.strings("tags"),
        rule.strings("author"),
        rule.optionalString("license", ""),
        rule.strings("references"),
        threats(root.path("rule").path("threat")),
        rule.optionalInt("version", 1),
        eventCategoryOverride(rule),
        buildingBlockType(rule));
  }

  /**
   * Kibana passes a rule's {@code timestamp_field} and {@code tiebreaker_field} to Elasticsearch,
   * which then orders events and measures maxspan by them. SeqWatch orders by {@code @timestamp}
   * and {@code event.sequence} (semantics §10.1): a rule that names other fields is skipped, with
   * the key's line, rather than run in an order its authors did not write it for. Elastic's rule
   * set names none.
   */
  private static void refuseOtherOrder(Fields rule, String key, String ours) {
    String field = rule.optionalString(key, ours);
    if (!field.equals(ours)) {
      throw rule.problem(RuleFile.Reason.UNSUPPORTED_EQL, key,
          "orders events by '" + field + "': SeqWatch orders them by " + ours + " and does not support another yet");
    }
  }

  /** The rule's {@code event_category_override}, null when it has none. */
  private static String eventCategoryOverride(Fields rule) {
    String field = rule.optionalString("event_category_override", null);
    if (field != null && field.isBlank()) {
      throw rule.problem("event_category_override", "must name a field");
    }
    return field;
  }

  /**
   * The rule's {@code building_block_type}, null when it has none. Kibana knows one type,
   * {@code "default"}; another would be a type SeqWatch cannot tell the meaning of.
   */
  private static String buildingBlockType(Fields rule) {
    String type = rule.optionalString("building_block_type", null);
    if (type != null && !type.equals("default")) {
      throw rule.problem("building_block_type", "must be \"default\" but is '" + type + "'");
    }
    return type;
  }

  /** The {@code version} the file declares, null when it has none (detection-rules files have none). */
  static Integer declaredVersion(JsonNode root) {
    JsonNode version = root.path("rule").get("version");
    return version != null && version.canConvertToInt() ? version.intValue() : null;
  }

  private static List<Threat> threats(JsonNode node) {
    List<Threat> threats = new ArrayList<>();
    for (JsonNode threat : node) {
      List<Technique> techniques = new ArrayList<>();
      for (JsonNode technique : threat.path("technique")) {
        List<Reference> subtechniques = new ArrayList<>();
        for (JsonNode sub : technique.path("subtechnique")) {
          subtechniques.add(reference(sub));
        }
        Reference main = reference(technique);
        techniques.add(new Technique(main.id(), main.name(), main.reference(), subtechniques));
      }
      threats.add(new Threat(threat.path("framework").asString(""), reference(threat.path("tactic")),
          techniques));
    }
    return threats;
  }

  private static Reference reference(JsonNode node) {
    return new Reference(node.path("id").asString(""), node.path("name").asString(""),
        node.path("reference").asString(""));
  }

  /**
   * Maps a position in the query to the file: {line, column, 1 if mapped}. The query's text is
   * found verbatim in the file when it is a literal string ({@code '''}), which is how
   * detection-rules writes queries; otherwise the query's own position is returned with 0.
   */
  private static int[] positionInFile(String file, String query, int line, int column) {
    int start = file.indexOf(query);
    if (start < 0) {
      return new int[] {line, column, 0};
    }
    int fileLine = 1;
    int lineStart = 0;
    for (int i = 0; i < start; i++) {
      if (file.charAt(i) == '\n') {
        fileLine++;
        lineStart = i + 1;
      }
    }
    int startColumn = start - lineStart + 1;
    return new int[] {fileLine + line - 1, line == 1 ? startColumn + column - 1 : column, 1};
  }

  /** Typed reads from one TOML table, with errors that name the key and, when it is there, its line. */
  private record Fields(RuleSource source, JsonNode table, String path) {

    /**
     * A problem with {@code key}, at the first line after the table's header that assigns it
     * ({@code key = ...}); at no position when the key is missing.
     */
    RuleLoadException problem(String key, String message) {
      return problem(RuleFile.Reason.INVALID_RULE, key, message);
    }

    /** {@link #problem(String, String)} of another kind. */
    RuleLoadException problem(RuleFile.Reason kind, String key, String message) {
      String text = source.text();
      Matcher header = Pattern.compile("(?m)^\\s*\\[" + Pattern.quote(path) + "]\\s*$").matcher(text);
      int from = header.find() ? header.end() : 0;
      Matcher assignment = Pattern.compile("(?m)^(\\s*)" + Pattern.quote(key) + "\\s*=").matcher(text);
      int line = 0;
      int column = 0;
      if (assignment.find(from)) {
        line = 1;
        for (int i = 0; i < assignment.start(); i++) {
          if (text.charAt(i) == '\n') {
            line++;
          }
        }
        column = assignment.group(1).length() + 1;
      }
      return new RuleLoadException(kind, source.origin(), line, column, path + "." + key + " " + message);
    }

    String requiredString(String key) {
      JsonNode value = table.get(key);
      if (value == null || !value.isString() || value.stringValue().isBlank()) {
        throw problem(key, "is required and must be a string");
      }
      return value.stringValue();
    }

    String optionalString(String key, String fallback) {
      JsonNode value = table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isString()) {
        throw problem(key, "must be a string");
      }
      return value.stringValue();
    }

    int requiredInt(String key) {
      if (table.get(key) == null) {
        throw problem(key, "is required and must be a number");
      }
      return optionalInt(key, 0);
    }

    int optionalInt(String key, int fallback) {
      JsonNode value = table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw problem(key, "must be a whole number");
      }
      return value.intValue();
    }

    List<String> strings(String key) {
      JsonNode value = table.get(key);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        throw problem(key, "must be an array of strings");
      }
      List<String> strings = new ArrayList<>();
      for (JsonNode element : value) {
        if (!element.isString()) {
          throw problem(key, "must be an array of strings");
        }
        strings.add(element.stringValue());
      }
      return strings;
    }
  }
}
