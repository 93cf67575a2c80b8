package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per semantic rule of docs/semantics.md §1, §2 and §10.5: each condition is evaluated
 * against a document given as JSON (its @timestamp added here).
 */
class OperatorSemanticsTest {

  static boolean matches(String query, String fieldsJson) {
    FieldSchema.Builder fields = FieldSchema.builder();
    EventPlan plan = (EventPlan) Planner.plan(EqlParser.parse(query), fields);
    String document = "{\"@timestamp\":\"2026-01-01T00:00:00Z\"" + (fieldsJson.isBlank() ? "" : "," + fieldsJson) + "}";
    Event event = new EventReader(fields.build()).readOne(document.getBytes(StandardCharsets.UTF_8), 0);
    return plan.predicate().test(event.values());
  }

  static boolean where(String condition, String fieldsJson) {
    return matches("any where " + condition, fieldsJson);
  }

  @ParameterizedTest(name = "[{index}] {0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      // §2.1 any value of a multi-valued field
      "t == \"start\"                | \"t\":[\"start\"]            | true",
      "t == \"start\"                | \"t\":[\"start\",\"change\"] | true",
      "t == \"start\"                | \"t\":[\"change\"]           | false",
      "t == \"start\"                | \"t\":\"start\"              | true",
      // §2.2 == is exact and case-sensitive, without wildcards
      "t == \"start\"                | \"t\":\"Start\"              | false",
      "t == \"st*\"                  | \"t\":\"start\"              | false",
      "t == \"st*\"                  | \"t\":\"st*\"                | true",
      // §2.3 != is must_not: true when missing, false when any value equals
      "t != \"x\"                    | \"u\":1                      | true",
      "t != \"x\"                    | \"t\":[\"x\",\"y\"]          | false",
      "t != \"x\"                    | \"t\":\"X\"                  | true",
      // §2.4 in is case-sensitive; not in is true on missing
      "t in (\"a\", \"b\")           | \"t\":\"b\"                  | true",
      "t in (\"a\", \"b\")           | \"t\":\"B\"                  | false",
      "t not in (\"a\", \"b\")       | \"u\":1                      | true",
      "t not in (\"a\", \"b\")       | \"t\":[\"c\",\"a\"]          | false",
      "t in~ (\"a\", \"b\")          | \"t\":\"B\"                  | true",
      "t not in~ (\"a\")             | \"t\":\"A\"                  | false",
      // §2.5, §2.6 : is ASCII case-insensitive; * crosses /; ? is one code point; no escape
      "p : \"/tmp/*\"                | \"p\":\"/TMP/a/b/c\"         | true",
      "p : \"/tmp/*\"                | \"p\":\"/var/tmp\"           | false",
      "p : \"/etc/cron.*\"           | \"p\":\"/etc/cron.daily/x\"  | true",
      "p : \"/etc/rc*.d/*\"          | \"p\":\"/etc/rc.d/x\"        | true",
      "p : \"/etc/rc*.d/*\"          | \"p\":\"/etc/rc3.d/S01x\"    | true",
      "p : \"/etc/crontab\"          | \"p\":\"/ETC/CRONTAB\"       | true",
      "p : \"/etc/crontab\"          | \"p\":\"/etc/crontab2\"      | false",
      "p : \"./*\"                   | \"p\":\"../bin/agent\"       | false",
      "p : \"./*\"                   | \"p\":\"./agent\"            | true",
      "p : \"a?c\"                   | \"p\":\"abc\"                | true",
      "p : \"a?c\"                   | \"p\":\"a\uD83D\uDE00c\"     | true",
      "p : \"a?c\"                   | \"p\":\"ac\"                 | false",
      "p : \"*x*y\"                  | \"p\":\"axbxcy\"             | true",
      "p : \"*x*y\"                  | \"p\":\"axbxcyz\"            | false",
      "p : (\"a\", \"b*\")           | \"p\":\"BEE\"                | true",
      "p : \"a\\\\b\"                | \"p\":\"a\\\\b\"             | true",
      // §2.7 only ASCII letters fold: the long s and the Kelvin sign stay themselves
      "p : \"sh\"                    | \"p\":\"\u017Fh\"            | false",
      "p : \"k*\"                    | \"p\":\"\u212Aey\"           | false",
      // like is case-sensitive, like~ is not
      "p like \"/tmp/*\"             | \"p\":\"/TMP/x\"             | false",
      "p like~ \"/tmp/*\"            | \"p\":\"/TMP/x\"             | true",
      // without a wildcard, like and like~ match the whole value exactly, as in and in~ do
      "p like \"cmd.exe\"            | \"p\":\"CMD.exe\"            | false",
      "p like \"cmd.exe\"            | \"p\":\"cmd.exe\"            | true",
      "p like~ (\"cmd.exe\", \"x\")  | \"p\":\"CMD.EXE\"            | true",
      "p like~ \"cmd.exe\"           | \"p\":\"cmd.exe2\"           | false",
      "p like \"cmd.exe\"            | \"p\":[\"a\", \"cmd.exe\"]     | true",
      // regex anchors at both ends
      "p regex \"/tmp/[a-z]+\"       | \"p\":\"/tmp/abc\"           | true",
      "p regex \"tmp\"               | \"p\":\"/tmp/abc\"           | false",
      "p regex~ \"/TMP/.*\"          | \"p\":\"/tmp/abc\"           | true",
      // regex on a field is Lucene's: . is any character, a line break too; ^ and $ are characters;
      // @ # & ~ "..." and <n-m> are operators; regex~ folds single characters, not ranges
      "p regex \"a.b\"               | \"p\":\"a\\nb\"              | true",
      "p regex \"^a$\"               | \"p\":\"^a$\"                | true",
      "p regex \"^a$\"               | \"p\":\"a\"                  | false",
      "p regex \"a@\"                | \"p\":\"abc\"                | true",
      "p regex \"#\"                 | \"p\":\"#\"                  | false",
      "p regex \".*a.*&.*b.*\"       | \"p\":\"ba\"                 | true",
      "p regex \".*a.*&.*b.*\"       | \"p\":\"aa\"                 | false",
      "p regex \"~(.*[.]exe)\"       | \"p\":\"a.dll\"              | true",
      "p regex \"~(.*[.]exe)\"       | \"p\":\"a.exe\"              | false",
      "p regex \"\\\"a*\\\"\"           | \"p\":\"a*\"                 | true",
      "p regex \"\\\"a*\\\"\"           | \"p\":\"aa\"                 | false",
      "p regex \"v<1-10>\"           | \"p\":\"v010\"               | true",
      "p regex \"v<1-10>\"           | \"p\":\"v11\"                | false",
      "p regex~ \"[abc]x\"           | \"p\":\"BX\"                 | true",
      "p regex~ \"[a-c]x\"           | \"p\":\"BX\"                 | false",
      // on a computed value Elasticsearch runs java.util.regex in a script: . stops at a line break
      "concat(p, \"\") regex \"a.b\"  | \"p\":\"a\\nb\"              | false",
      "concat(p, \"\") regex \"a.b\"  | \"p\":\"axb\"                | true",
      // §2.8 not is true when the field is missing
      "not p : (\"curl\", \"wget\")  | \"u\":1                      | true",
      "not p : (\"curl\", \"wget\")  | \"p\":\"CURL\"               | false",
      // §2.9, §2.10 null, [], [null] and missing are one thing
      "d != null                     | \"d\":\"1.2.3.4\"            | true",
      "d != null                     | \"d\":null                   | false",
      "d != null                     | \"d\":[]                     | false",
      "d != null                     | \"d\":[null]                 | false",
      "d == null                     | \"u\":1                      | true",
      "d == null                     | \"d\":\"\"                   | false",
      // §10.5 numbers compare numerically with JSON numbers and numeric strings
      "n == 123                      | \"n\":123                    | true",
      "n == 123                      | \"n\":\"123\"                | true",
      "n == 123                      | \"n\":123.0                  | true",
      "n > 100                       | \"n\":[5, 200]               | true",
      "n > 100                       | \"n\":\"abc\"                | false",
      "n in (1, 2)                   | \"n\":2                      | true",
      "n == \"123\"                  | \"n\":123                    | true",
      "s < \"b\"                     | \"s\":\"abc\"                | true",
      "b == true                     | \"b\":true                   | true",
      "b == false                    | \"b\":true                   | false",
  })
  void operator(String condition, String fields, boolean expected) {
    assertThat(where(condition, fields)).isEqualTo(expected);
  }

  /**
   * A comparison used as a value is true, false or null (a side is null), and "null == that" asks
   * whether it is null: Elasticsearch's ReplaceNullChecks over three-valued Comparisons (§15).
   */
  @ParameterizedTest(name = "[{index}] {0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      "null == (code > -1)                    | \"u\":1                  | true",
      "null == (code > -1)                    | \"code\":0               | false",
      "null != (-1 < code)                    | \"code\":0               | true",
      "(code > -1) == true                    | \"code\":0               | true",
      "(code > -1) == false                   | \"code\":-5              | true",
      "(code > -1) == false                   | \"u\":1                  | false",
      "null == (code > 1 or k == \"x\")       | \"k\":\"x\"              | false",
      "null == (code > 1 and k == \"x\")      | \"k\":\"x\"              | true",
      "null == (code > 1 and k == \"x\")      | \"k\":\"y\"              | false",
      "null == (not (code > 1))               | \"u\":1                  | true",
      "string((code == 2)) == \"true\"        | \"code\":2               | true",
      // two constants stay as written (LiteralsOnTheRight moves a constant only away from a field)
      "null != \"x\"                          | \"u\":1                  | false",
      "null == null                           | \"u\":1                  | true",
  })
  void aConditionUsedAsAValueIsThreeValued(String condition, String fields, boolean expected) {
    assertThat(where(condition, fields)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] destination.ip {0} -> excluded {1}")
  @CsvSource(delimiter = '|', value = {
      "                                  | true",
      "\"destination\":{\"ip\":null}      | true",
      "\"destination\":{\"ip\":\"127.0.0.1\"} | true",
      "\"destination\":{\"ip\":\"::1\"}   | true",
      "\"destination\":{\"ip\":\"::ffff:127.0.0.1\"} | true",
      "\"destination\":{\"ip\":\"0:0:0:0:0:0:0:1\"} | true",
      "\"destination\":{\"ip\":\"127.0.0.2\"} | false",
      "\"destination\":{\"ip\":\"::ffff:7f00:2\"} | false",
      "\"destination\":{\"ip\":[\"8.8.8.8\",\"127.0.0.1\"]} | true",
      "\"destination\":{\"ip\":\"2001:db8::1\"} | false",
  })
  void ipFieldsCompareAsAddresses(String fields, boolean excluded) {
    String stage2 = "destination.ip != null and destination.ip != \"127.0.0.1\" and destination.ip != \"::1\"";
    assertThat(where(stage2, fields == null ? "" : fields)).isEqualTo(!excluded);
  }

  @Test
  void ipFieldsAcceptCidrBlocks() {
    assertThat(where("source.ip == \"10.0.0.0/8\"", "\"source.ip\":\"10.20.4.31\"")).isTrue();
    assertThat(where("source.ip in (\"192.168.0.0/16\", \"fd00::/8\")", "\"source.ip\":\"fd3e::1\"")).isTrue();
    assertThat(where("source.ip == \"10.0.0.0/8\"", "\"source.ip\":\"11.0.0.1\"")).isFalse();
    assertThat(where("source.ip : \"10.20.4.31\"", "\"source.ip\":\"::ffff:a14:41f\"")).isTrue();
  }

  @Test
  void categoryIsAnExactCaseSensitiveAnyValueMatch() {
    assertThat(matches("process where true", "\"event\":{\"category\":[\"process\"]}")).isTrue();
    assertThat(matches("process where true", "\"event\":{\"category\":[\"network\",\"process\"]}")).isTrue();
    assertThat(matches("network where true", "\"event\":{\"category\":[\"network\",\"process\"]}")).isTrue();
    assertThat(matches("process where true", "\"event\":{\"category\":\"Process\"}")).isFalse();
    assertThat(matches("process where true", "\"u\":1")).isFalse();
    assertThat(matches("any where true", "\"u\":1")).isTrue();
  }

  @Test
  void fieldsAreFoundNestedDottedOrMixed() {
    String condition = "process.parent.name == \"bash\"";
    assertThat(where(condition, "\"process\":{\"parent\":{\"name\":\"bash\"}}")).isTrue();
    assertThat(where(condition, "\"process.parent.name\":\"bash\"")).isTrue();
    assertThat(where(condition, "\"process\":{\"parent.name\":\"bash\"}")).isTrue();
    assertThat(where(condition, "\"process.parent\":{\"name\":\"bash\"}")).isTrue();
    assertThat(where(condition, "\"process\":{\"parent\":[{\"name\":\"sh\"},{\"name\":\"bash\"}]}")).isTrue();
    assertThat(where(condition, "\"process\":{\"parent\":{\"name\":{\"x\":\"bash\"}}}")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "any where destination.ip == \"not-an-ip\"  # line 1:11: destination.ip is an IP field, but [\"not-an-ip\"] holds a value that is not an IP address or CIDR block",
      "any where a in (\"x\", null)               # line 1:11: null is not allowed in a list; use a == null",
      "any where a > null                         # line 1:11: null can only be compared with == or !=",
      "any where a regex \"(\"                    # line 1:11: invalid regular expression \"(\": unexpected end of the expression at position 1",
      "any where a > true                         # line 1:11: > cannot order a boolean",
      "any where\\n  source.ip > \"1.2.3.4\"         # line 2:3: ordering comparison (>) on the IP field source.ip is not supported yet",
  })
  void constantsThatCannotApplyAreRefusedWithTheirPosition(String query, String message) {
    assertThatThrownBy(() -> Planner.plan(EqlParser.parse(query.replace("\\n", "\n")), FieldSchema.builder()))
        .isInstanceOf(EqlParseException.class)
        .hasMessage(message);
  }
}
