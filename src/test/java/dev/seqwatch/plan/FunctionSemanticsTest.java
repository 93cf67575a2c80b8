package dev.seqwatch.plan;

import static dev.seqwatch.plan.OperatorSemanticsTest.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every EQL function, arithmetic and value comparison, evaluated on one document as Elasticsearch
 * would answer (docs/semantics.md §14, §15). Fields {@code a}, {@code b} are in no mapping; the
 * {@code process.*} and {@code source.ip} fields have their ECS types.
 */
class FunctionSemanticsTest {

  @ParameterizedTest(name = "[{index}] {0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      // between: first left, then the nearest right (greedy: the last); "" when absent; null in, null out
      "between(a, \"START-\", \"-END\") == \"mid\"          | \"a\":\"xxSTART-mid-ENDyy\"   | true",
      "between(a, \"start-\", \"-end\") == \"\"             | \"a\":\"xxSTART-mid-ENDyy\"   | true",
      "between~(a, \"start-\", \"-end\") == \"mid\"        | \"a\":\"xxSTART-mid-ENDyy\"   | true",
      "between(a, \"[\", \"]\") == \"1\"                    | \"a\":\"a[1]b[2]c\"           | true",
      "between(a, \"[\", \"]\", true) == \"1]b[2\"          | \"a\":\"a[1]b[2]c\"           | true",
      "between(a, \"[\", \"]\") == null                     | \"u\":1                       | true",
      "between(a, \"\", \"]\") == \"a]\"                    | \"a\":\"a]\"                  | true",
      // cidrMatch: any value of an ip field in any block; not is true on a missing field, == false is not
      "cidrMatch(source.ip, \"10.0.0.0/8\")                  | \"source.ip\":\"10.1.2.3\"    | true",
      "cidrMatch(source.ip, \"10.0.0.0/8\")                  | \"source.ip\":\"11.1.2.3\"    | false",
      "cidrMatch(source.ip, \"10.0.0.0/8\", \"fd00::/8\")    | \"source.ip\":\"fd12::1\"     | true",
      "cidrMatch(source.ip, \"10.0.0.0/8\")                  | \"source.ip\":[\"8.8.8.8\",\"10.0.0.1\"] | true",
      "not cidrMatch(source.ip, \"10.0.0.0/8\")              | \"u\":1                       | true",
      "cidrMatch(source.ip, \"10.0.0.0/8\") == false         | \"u\":1                       | false",
      "cidrMatch(source.ip, \"10.0.0.0/8\") == false         | \"source.ip\":\"11.1.2.3\"    | true",
      "cidrMatch(source.ip, \"10.0.0.1\")                    | \"source.ip\":\"10.0.0.1\"    | true",
      "cidrMatch(source.ip, \"10.6.48.157/8\")               | \"source.ip\":\"10.1.1.1\"    | true",
      "cidrMatch(source_address, \"10.0.0.0/8\") == true     | \"source_address\":\"10.1.1.1\" | true",
      "string(cidrMatch(source_address, \"10.0.0.0/8\")) : \"TRUE\" | \"source_address\":[\"1.1.1.1\",\"10.1.1.1\"] | true",
      // concat: text of each value; any null gives null; each value of a multi-valued field
      "concat(a, \":\", b) == \"5:x\"                       | \"a\":5,\"b\":\"x\"           | true",
      "concat(a, \":\", b) == null                          | \"a\":5                       | true",
      "concat(a, \"-\") == \"y-\"                           | \"a\":[\"x\",\"y\"]           | true",
      "concat(process.pid, \"/\", process.name) : \"4/CMD.exe\" | \"process\":{\"pid\":4,\"name\":\"cmd.exe\"} | true",
      // endsWith, startsWith, stringContains of a field and a constant are queries on any value
      "endsWith(process.name, \".exe\")                      | \"process.name\":\"cmd.exe\"  | true",
      "endsWith(process.name, \".exe\")                      | \"process.name\":\"CMD.EXE\"  | false",
      "endsWith~(process.name, \".exe\")                     | \"process.name\":\"CMD.EXE\"  | true",
      "endsWith(process.name, \".exe\")                      | \"process.name\":[\"a.txt\",\"b.exe\"] | true",
      "not endsWith(process.name, \".exe\")                  | \"u\":1                       | true",
      "endsWith(process.name, \".EXE\") == false             | \"process.name\":\"cmd.exe\"  | true",
      "endsWith(process.name, \".EXE\") == false             | \"u\":1                       | false",
      "endsWith(process.name, \"*.exe\")                     | \"process.name\":\"cmd.exe\"  | true",
      "endsWith(process.name, \"*.exe\") == true             | \"process.name\":\"cmd.exe\"  | false",
      "startsWith(process.name, \"cmd\")                     | \"process.name\":\"cmd.exe\"  | true",
      "startsWith(process.name, \"cmd\")                     | \"process.name\":\"CMD.exe\"  | false",
      "startsWith~(process.name, \"cmd\")                    | \"process.name\":\"CMD.exe\"  | true",
      "startsWith(process.name, \"c*\")                      | \"process.name\":\"cmd.exe\"  | false",
      "startsWith(\"explorer.exe-and-more\", process.name)   | \"process.name\":\"explorer.exe\" | true",
      "startsWith~(\"EXPLORER.exe\", \"explorer\")           | \"u\":1                       | true",
      "stringContains(process.name, \"md.e\")                | \"process.name\":\"cmd.exe\"  | true",
      "stringContains(process.name, \"MD.E\")                | \"process.name\":\"cmd.exe\"  | false",
      "stringContains~(process.name, \"MD.E\")               | \"process.name\":\"cmd.exe\"  | true",
      "stringContains(process.name, \"\")                    | \"process.name\":\"cmd.exe\"  | true",
      "stringContains(process.name, \"\") == true            | \"process.name\":\"cmd.exe\"  | false",
      "stringContains(\"xxcmd.exeyy\", process.name)         | \"process.name\":\"cmd.exe\"  | true",
      // the pushed-down wildcard reads a backslash as Lucene does: it escapes the next character
      "stringContains(a, \"p=\\\\*\")                        | \"a\":\"x p=* y\"             | true",
      "stringContains(a, \"p=\\\\*\")                        | \"a\":\"x p=abc\"             | false",
      "stringContains~(a, \"P=\\\\*\")                       | \"a\":\"x p=* y\"             | true",
      "endsWith(a, \"\\\\cmd.exe\")                          | \"a\":\"C:\\\\cmd.exe\"       | true",
      "endsWith(a, \"\\\\cmd.exe\")                          | \"a\":\"xcmd.exe\"            | true",
      "endsWith(a, \"\\\\cmd.exe\") == true                  | \"a\":\"xcmd.exe\"            | false",
      // indexOf: position from start, null when absent
      "indexOf(a, \"lo\") == 3                              | \"a\":\"hello\"               | true",
      "indexOf(a, \"zz\") == null                           | \"a\":\"hello\"               | true",
      "indexOf~(a, \"LO\") == 3                             | \"a\":\"hello\"               | true",
      "indexOf(a, \"LO\") == null                           | \"a\":\"hello\"               | true",
      "indexOf(a, \"l\", 3) == 3                            | \"a\":\"hello\"               | true",
      "indexOf(a, \"h\", 100) == null                       | \"a\":\"hello\"               | true",
      "indexOf(a, \"h\") != null                            | \"a\":\"hello\"               | true",
      // length
      "length(a) == 5                                       | \"a\":\"hello\"               | true",
      "length(a) > 1                                        | \"a\":[\"a\",\"bb\"]          | true",
      "length(a) == null                                    | \"u\":1                       | true",
      "not length(a) > 3                                    | \"u\":1                       | true",
      "length(a) != 3                                       | \"u\":1                       | false",
      "length(a) != 3                                       | \"a\":[\"abc\",\"ab\"]        | true",
      "length(a) in (3, 5)                                  | \"a\":\"hello\"               | true",
      "length(a) not in (5)                                 | \"a\":\"hello\"               | false",
      "length(a) not in (5)                                 | \"u\":1                       | true",
      // arithmetic: integer division, modulo, precedence, unary minus; numeric strings in long fields
      "add(process.pid, 1) == 5                             | \"process.pid\":4             | true",
      "add(process.pid, 1) == 5                             | \"process.pid\":\"4\"         | true",
      "divide(process.pid, 2) == 2                          | \"process.pid\":5             | true",
      "divide(process.pid, 2.0) == 2.5                      | \"process.pid\":5             | true",
      "divide(process.pid, 0.0) > 1000                      | \"process.pid\":5             | true",
      "modulo(process.pid, 3) == 2                          | \"process.pid\":5             | true",
      "multiply(process.pid, -1) == -5                      | \"process.pid\":5             | true",
      "subtract(0, process.pid) == -5                       | \"process.pid\":5             | true",
      "process.pid * 2 + 1 == 11                            | \"process.pid\":5             | true",
      "-process.pid == -5                                   | \"process.pid\":5             | true",
      "process.pid % 2 == 1                                 | \"process.pid\":[2, 3]        | true",
      "add(process.pid, 1) == null                          | \"u\":1                       | true",
      "process.pid + process.parent.pid == 10               | \"process\":{\"pid\":4,\"parent\":{\"pid\":6}} | true",
      "add(1, 2) == 3                                       | \"u\":1                       | true",
      "divide(7, 2) == 3                                    | \"u\":1                       | true",
      // number, string
      "number(a) == 5                                       | \"a\":\"5\"                   | true",
      "number(a, 16) == 50                                  | \"a\":\"32\"                  | true",
      "number(a) == 50                                      | \"a\":\"0x32\"                | true",
      "number(a) == 1.5                                     | \"a\":\"1.5\"                 | true",
      // a null base is no base at all (ToNumber puts a null literal in place of an omitted one)
      "number(a, null) == 17                                | \"a\":\"17\"                  | true",
      "number(a, null) == 50                                | \"a\":\"0x32\"                | true",
      "string(process.pid) == \"5\"                         | \"process.pid\":5             | true",
      "string(a) : \"tr*\"                                  | \"a\":true                    | true",
      // substring: Python slices
      "substring(a, 1, 3) == \"el\"                         | \"a\":\"hello\"               | true",
      "substring(a, -3) == \"llo\"                          | \"a\":\"hello\"               | true",
      "substring(a, -4, -1) == \"ell\"                      | \"a\":\"hello\"               | true",
      "substring(a, 10) == \"\"                             | \"a\":\"hello\"               | true",
      "substring(a, 3, 1) == \"\"                           | \"a\":\"hello\"               | true",
      // two fields: some pair of values compares; null when either is missing
      "a == b                                               | \"a\":1,\"b\":1               | true",
      "a == b                                               | \"a\":\"x\",\"b\":\"y\"       | false",
      "a == b                                               | \"a\":[\"x\",\"y\"],\"b\":\"y\" | true",
      "a == b                                               | \"a\":\"x\"                   | false",
      "a != b                                               | \"a\":\"x\"                   | false",
      "a < b                                                | \"a\":9,\"b\":10              | true",
      "not a == b                                           | \"a\":\"x\"                   | true",
      // each condition iterates the values on its own; each occurrence of a field too
      "length(a) >= 3 and length(a) == 1                    | \"a\":[\"abc\",\"x\"]       | true",
      "number(a) + b >= 10                                  | \"a\":[\"1\",\"9\"],\"b\":1 | true",
      "length(a) > length(a)                                | \"a\":[\"abc\",\"x\"]       | true",
      // a constant on the left is turned round
      "-1 < process.exit_code                               | \"process.exit_code\":0       | true",
      "\"cmd.exe\" == process.name                          | \"process.name\":\"cmd.exe\"  | true",
      // a boolean field or a bare boolean function is a condition
      "process.interactive                                  | \"process.interactive\":true  | true",
      "process.interactive                                  | \"process.interactive\":false | false",
      "a                                                    | \"a\":true                    | true",
      "not a                                                | \"u\":1                       | true",
      "1 == 2                                               | \"u\":1                       | false",
  })
  void eachFunctionAnswersAsElasticsearchDoes(String condition, String fields, boolean expected) {
    assertThat(where(condition, fields)).isEqualTo(expected);
  }

  /**
   * {@code ?field} in a condition: SeqWatch has no strict mapping (a field in no mapping is
   * dynamic), so an optional field is the field, which this event may lack. Elasticsearch answers
   * the same when the field is in the index's mapping; when it is in no mapping at all it reads
   * null, where {@code ?a != "x"} would be false (docs/semantics.md §16).
   */
  @ParameterizedTest(name = "[{index}] {0} on {1} is {2}")
  @CsvSource(delimiter = '|', value = {
      "?a == null                    | \"u\":1              | true",
      "?a != null                    | \"u\":1              | false",
      "?a != \"x\"                   | \"u\":1              | true",
      "?a == \"x\"                   | \"a\":\"x\"          | true",
      "?a : \"X*\"                   | \"a\":\"xyz\"        | true",
      "length(?a) == null            | \"u\":1              | true",
      "?process.pid > 3              | \"process.pid\":4    | true",
      "?process.pid + 1 == 5         | \"process.pid\":4    | true",
  })
  void anOptionalFieldIsAFieldThatMayBeMissing(String condition, String fields, boolean expected) {
    assertThat(where(condition, fields)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "length(process.pid) == 1                 | line 1:18: first argument of [length(process.pid)] must be [string], found value [process.pid] type [numeric]",
      "add(process.name, 1) == 1                | line 1:15: first argument of [add(process.name, 1)] must be [numeric], found value [process.name] type [keyword]",
      "process.name + 1 == 1                    | line 1:11: first argument of [(process.name + 1)] must be [numeric], found value [process.name] type [keyword]",
      "cidrMatch(process.name, \"10.0.0.0/8\")  | line 1:21: first argument of [cidrMatch(process.name, \"10.0.0.0/8\")] must be [ip], found value [process.name] type [keyword]",
      "cidrMatch(source.ip, \"10.0.0/99\")      | line 1:32: second argument of [cidrMatch(source.ip, \"10.0.0/99\")] is not an IP address or CIDR block: \"10.0.0/99\"",
      "cidrMatch(source.ip, process.name)       | line 1:32: second argument of [cidrMatch(source.ip, process.name)] must be a constant string, received [process.name]",
      "between(a, \"x\", \"y\", a) == \"\"    | line 1:32: fourth argument of [between(a, \"x\", \"y\", a)] must be a constant boolean, received [a]",
      "number(a, 1.5) == 1                      | line 1:21: second argument of [number(a, 1.5)] must be [integer], found value [1.5]",
      "substring(a, \"x\") == \"\"              | line 1:24: second argument of [substring(a, \"x\")] must be [numeric], found value [\"x\"] type [keyword]",
      "length(a)                                | line 1:11: a condition must be boolean, but length(a) is not",
      "process.pid                              | line 1:11: a condition must be boolean, but process.pid is a long field",
      "@timestamp == \"yesterday\"              | line 1:11: @timestamp is a date field, but \"yesterday\" is not a date (ISO-8601 or epoch milliseconds)",
  })
  void argumentsOfTheWrongTypeAreRefusedAtLoadTimeWithElasticsearchsWording(String condition, String message) {
    assertThatThrownBy(() -> where(condition, "\"u\":1"))
        .isInstanceOf(EqlParseException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "number(a) == 5                                   | \"a\":\"abc\"         | line 1:11: number: first argument [a]: Unable to convert [abc] to number of base [10]",
      "divide(process.pid, 0) == 1                      | \"process.pid\":5     | line 1:11: divide: second argument [0]: / by zero",
      "process.pid % 0 == 1                             | \"process.pid\":5     | line 1:11: %: second argument [0]: / by zero",
      "add(process.pid, 9223372036854775807) > 0        | \"process.pid\":1     | line 1:11: add: long overflow",
      "add(a, 1) == 2                                   | \"a\":\"x\"           | line 1:11: add: first argument [a]: A number is required; received [x]",
      "between(a, b, \"x\") == \"\"                       | \"a\":\"abc\"         | line 1:11: between: second argument [b]: A string/char is required; received [null]",
      "substring(a, b) == \"\"                          | \"a\":\"abc\",\"b\":\"z\" | line 1:11: substring: second argument [b]: A number is required; received [z]",
  })
  void queryTimeErrorsNameTheFunctionAndItsPosition(String condition, String fields, String message) {
    assertThatThrownBy(() -> where(condition, fields))
        .isInstanceOf(EvaluationException.class)
        .hasMessage(message);
  }

  @Test
  void inARuleAQueryTimeErrorIsNoMatchForThatEvent() {
    FieldSchema.Builder fields = FieldSchema.builder();
    EventPlan plan = (EventPlan) Planner.plan(EqlParser.parse("any where number(a) == 5 or b == 1"), fields,
        Planner.Errors.NO_MATCH);
    EventReader reader = new EventReader(fields.build());
    byte[] odd = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"a\":\"abc\",\"b\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] plain = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"a\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(plan.predicate().test(reader.readOne(odd, 0).values())).isTrue();
    assertThat(plan.predicate().test(reader.readOne(plain, 0).values())).isFalse();
  }

  @Test
  void fieldTestsThatStayPlainComparisonsBuildNoScript() {
    FieldSchema.Builder fields = FieldSchema.builder();
    EventPlan plan = (EventPlan) Planner.plan(EqlParser.parse(
        "process where process.name == \"a\" and startsWith(process.name, \"b\") and -1 < process.pid"), fields);
    assertThat(plan.predicate().toString()).doesNotContain("script");
  }
}
