package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.FieldTypes;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a field's mapping changes in an answer (docs/semantics.md §13): the bundled ECS types, and
 * a user mapping with a {@code version} field, a {@code null_value} and a short keyword.
 */
class FieldTypeSemanticsTest {

  private static final FieldTypes USER = FieldTypes.ecs().withMapping("test-mapping.json", """
      {"template": {"mappings": {"properties": {
        "app": {"properties": {"version": {"type": "version"}}},
        "status": {"type": "keyword", "null_value": "NONE"},
        "code": {"type": "keyword", "ignore_above": 4},
        "count": {"type": "integer"},
        "title": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 5}}}
      }}}}
      """);

  static boolean where(String condition, String fieldsJson) {
    FieldSchema.Builder fields = FieldSchema.builder(USER);
    EventPlan plan = (EventPlan) Planner.plan(EqlParser.parse("any where " + condition), fields);
    String document = "{\"@timestamp\":\"2026-01-01T00:00:00Z\"" + (fieldsJson.isBlank() ? "" : "," + fieldsJson) + "}";
    Event event = new EventReader(fields.build()).readOne(document.getBytes(StandardCharsets.UTF_8), 0);
    return plan.predicate().test(event.values());
  }

  private static final String LONG_EXE = "\"process.executable\":\"C:/" + "x".repeat(1022) + "\"";
  private static final String EXE_1024 = "\"process.executable\":\"C:/" + "x".repeat(1021) + "\"";
  private static final String DYNAMIC_257 = "\"a\":\"" + "y".repeat(257) + "\"";
  private static final String DYNAMIC_256 = "\"a\":\"" + "y".repeat(256) + "\"";

  @ParameterizedTest(name = "[{index}] {0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      // date fields compare as instants, with ISO strings or epoch milliseconds
      "@timestamp == \"2026-01-01T00:00:00Z\"               |                                   | true",
      "@timestamp == \"2026-01-01T00:00:00.000Z\"           |                                   | true",
      "@timestamp == \"2026-01-01T01:00:00+01:00\"          |                                   | true",
      "@timestamp == 1767225600000                        |                                   | true",
      "@timestamp > 1767225599999                         |                                   | true",
      "@timestamp < \"2025-12-31T23:59:59Z\"                |                                   | false",
      "@timestamp >= \"2026-01-01\"                         |                                   | true",
      "@timestamp != \"2026-01-01T00:00:00Z\"               |                                   | false",
      "@timestamp in (\"2025-01-01\", \"2026-01-01T00:00:00Z\") |                               | true",
      "event.created > \"2017-08-30T20:47:33Z\"             | \"event.created\":1516116808349      | true",
      "event.created == \"2018-01-16T15:33:28.349Z\"        | \"event.created\":\"1516116808349\"  | true",
      // keywords over ignore_above (ECS: 1024) are not indexed: not found, not present
      "process.executable : \"*\"                           | LONG                              | false",
      "process.executable == null                         | LONG                              | true",
      "process.executable != \"x\"                          | LONG                              | true",
      "process.executable : \"*\"                           | EXE_1024                          | true",
      "startsWith(process.executable, \"C:\")               | LONG                              | false",
      "length(process.executable) == null                 | LONG                              | true",
      // a field in no mapping is text + keyword with ignore_above 256
      "a : \"*\"                                            | D257                              | false",
      "a : \"*\"                                            | D256                              | true",
      // long fields take numeric strings and compare numerically
      "process.pid == \"5\"                                 | \"process.pid\":5                    | true",
      "process.pid > \"10\"                                 | \"process.pid\":9                    | false",
      "process.pid > 10                                   | \"process.pid\":\"11\"               | true",
      // version fields order by semantic version
      "app.version > \"1.2.4\"                              | \"app.version\":\"1.10.0\"           | true",
      "app.version > \"1.2.4\"                              | \"app.version\":\"1.2.4-beta\"       | false",
      "app.version < \"1.2.4\"                              | \"app.version\":\"1.2.4-beta\"       | true",
      "app.version == \"1.2.4\"                             | \"app.version\":\"1.2.4\"            | true",
      "app.version >= \"2.0.0-rc.2\"                        | \"app.version\":\"2.0.0-rc.11\"      | true",
      "app.version > \"9.9.9\"                              | \"app.version\":\"not-a-version\"    | true",
      // null_value replaces an explicit null, not a missing field
      "status == \"NONE\"                                   | \"status\":null                      | true",
      "status == \"NONE\"                                   | \"status\":[null]                    | true",
      "status == \"NONE\"                                   | \"u\":1                              | false",
      "status != null                                     | \"status\":null                      | true",
      // a user keyword with its own ignore_above; text compared through its keyword sub-field
      "code == \"abcde\"                                    | \"code\":\"abcde\"                   | false",
      "code == \"abcd\"                                     | \"code\":\"abcd\"                    | true",
      "title == \"abcdef\"                                  | \"title\":\"abcdef\"                 | false",
      "count == 3                                         | \"count\":\"3\"                      | true",
  })
  void eachTypeRuleAnswersAsElasticsearchDoes(String condition, String fields, boolean expected) {
    String json = fields == null ? "" : fields.replace("LONG", LONG_EXE).replace("EXE_1024", EXE_1024)
        .replace("D257", DYNAMIC_257).replace("D256", DYNAMIC_256);
    assertThat(where(condition, json)).isEqualTo(expected);
  }
}
