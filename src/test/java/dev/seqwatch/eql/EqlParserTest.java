package dev.seqwatch.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.eql.Query.Sequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EqlParserTest {

  private static String condition(String condition) {
    return ((EventQuery) EqlParser.parse("any where " + condition)).condition().toString();
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @CsvSource(delimiter = '|', value = {
      "a == 1 or b == 2 and c == 3          | ((a == 1) or ((b == 2) and (c == 3)))",
      "(a == 1 or b == 2) and c == 3        | (((a == 1) or (b == 2)) and (c == 3))",
      "not a == 1 and b == 2                | ((not (a == 1)) and (b == 2))",
      "not (a == 1 and b == 2)              | (not ((a == 1) and (b == 2)))",
      "not not a == 1                       | (not (not (a == 1)))",
      "a == 1 and b == 2 and c == 3         | (((a == 1) and (b == 2)) and (c == 3))",
      "a == 1 or b == 2 or c == 3           | (((a == 1) or (b == 2)) or (c == 3))",
      "true and false                       | (true and false)",
  })
  void precedenceIsNotThenAndThenOr(String input, String canonical) {
    assertThat(condition(input)).isEqualTo(canonical);
  }

  @Test
  void optionalFieldsAreMarkedInConditionsAndJoinKeys() {
    assertThat(condition("?a.b == 1 and ?`c d` == null")).isEqualTo("((?a.b == 1) and (?`c d` == null))");
    Sequence sequence = (Sequence) EqlParser.parse("sequence by ?user.id [any where true] by ?x [any where true] by y");
    assertThat(sequence.joinKeys().get(0)).isEqualTo(new Field("user.id", true));
    assertThat(sequence.stages().get(0).joinKeys().get(0).optional()).isTrue();
    assertThat(sequence.stages().get(1).joinKeys().get(0).optional()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a == \"x\"                  | (a == \"x\")",
      "a != \"x\"                  | (a != \"x\")",
      "a < 5                       | (a < 5)",
      "a <= 5                      | (a <= 5)",
      "a > -5                      | (a > -5)",
      "a >= 2.5                    | (a >= 2.5)",
      "a == true                   | (a == true)",
      "a == null                   | (a == null)",
      "a != null                   | (a != null)",
      "a in (\"x\", \"y\")         | (a in (\"x\", \"y\"))",
      "a not in (\"x\", 1)         | (a not in (\"x\", 1))",
      "a in~ (\"X\")               | (a in~ (\"X\"))",
      "a not in~ (\"X\")           | (a not in~ (\"X\"))",
      "a : \"x*\"                  | (a : (\"x*\"))",
      "a : (\"x*\", \"y?\")        | (a : (\"x*\", \"y?\"))",
      "a like \"x*\"               | (a like (\"x*\"))",
      "a like~ (\"x*\", \"z\")     | (a like~ (\"x*\", \"z\"))",
      "a regex \"x.*\"             | (a regex (\"x.*\"))",
      "a regex~ \"x.*\"            | (a regex~ (\"x.*\"))",
      "process.parent.name == \"b\"| (process.parent.name == \"b\")",
      "@timestamp > 0              | (@timestamp > 0)",
      "`my field` == 1             | (`my field` == 1)",
      "`a``b` == 1                 | (`a``b` == 1)",
  })
  void everyOperatorParses(String input, String canonical) {
    assertThat(condition(input)).isEqualTo(canonical);
  }

  @Test
  void stringEscapesAreDecoded() {
    assertThat(condition("a == \"q\\\"s\\\\b\\n\\t\\r\\u{41}\\u{1F600}\""))
        .isEqualTo("(a == \"q\\\"s\\\\b\\n\\t\\rA\uD83D\uDE00\")");
    assertThat(condition("a == \"\"\"raw \\n \"quoted\" \"\"\"")).isEqualTo("(a == \"raw \\\\n \\\"quoted\\\" \")");
  }

  @Test
  void eventQueryWithCategoryOrAny() {
    assertThat(EqlParser.parse("process where true").toString()).isEqualTo("process where true");
    assertThat(EqlParser.parse("any where true").toString()).isEqualTo("any where true");
    assertThat(EqlParser.parse("\"network\" where true")).isEqualTo(
        new EventQuery("network", new Expression.Constant(true)));
  }

  @Test
  void sequenceWithKeysMaxspanStageKeysAndUntil() {
    Sequence sequence = (Sequence) EqlParser.parse("""
        sequence by host.id, process.entity_id with maxspan=1s
          [process where true] by user.id
          [network where false] by user.id
        until [process where true] by user.id
        """);

    assertThat(sequence.maxspanMillis()).isEqualTo(1000);
    assertThat(sequence.joinKeys()).extracting(Field::name).containsExactly("host.id", "process.entity_id");
    assertThat(sequence.stages()).hasSize(2);
    assertThat(sequence.stages().get(1).joinKeys()).extracting(Field::name).containsExactly("user.id");
    assertThat(sequence.until()).isNotNull();
    assertThat(sequence.toString()).isEqualTo("sequence by host.id, process.entity_id with maxspan=1000ms "
        + "[process where true] by user.id [network where false] by user.id until [process where true] by user.id");
  }

  @ParameterizedTest(name = "maxspan={0}")
  @CsvSource({"250ms,250", "2s,2000", "3m,180000", "1h,3600000", "2d,172800000"})
  void maxspanUnits(String maxspan, long millis) {
    Sequence sequence = (Sequence) EqlParser.parse(
        "sequence with maxspan=" + maxspan + " [any where true] [any where true]");
    assertThat(sequence.maxspanMillis()).isEqualTo(millis);
  }

  @Test
  void maxspanMayComeBeforeTheKeys() {
    Sequence sequence = (Sequence) EqlParser.parse("sequence with maxspan=5s by a [any where true] [any where true]");
    assertThat(sequence.maxspanMillis()).isEqualTo(5000);
    assertThat(sequence.joinKeys()).extracting(Field::name).containsExactly("a");
  }

  @Test
  void commentsAreIgnored() {
    assertThat(EqlParser.parse("any where // note\n a == 1 /* and\n more */ and b == 2").toString())
        .isEqualTo("any where ((a == 1) and (b == 2))");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "any where a ==                                | line 1:15: expected a field name, constant or function call but found end of query",
      "any where a = 1                               | line 1:13: expected an operator (==, !=, <, <=, >, >=, :, in, in~, not in, like, like~, regex, regex~) after a but found '='",
      "any where a lke \"x\"                         | line 1:13: expected an operator (==, !=, <, <=, >, >=, :, in, in~, not in, like, like~, regex, regex~) after a but found 'lke' (did you mean 'like'?)",
      "any where (a == 1                             | line 1:18: expected ')' but found end of query",
      "any a == 1                                    | line 1:5: expected 'where' but found 'a'",
      "sequnce by a [any where true]                 | line 1:9: expected 'where' but found 'by' (did you mean 'sequence'?)",
      "any where a == \"x                            | line 1:16: unterminated string, expected '\"'",
      "any where a == 'x'                            | line 1:16: single-quoted strings are not EQL in Elasticsearch; use double quotes",
      "any where a == \"\\q\"                        | line 1:17: unknown escape sequence '\\q'",
      "any where a in (\"x\"                         | line 1:20: expected ',' or ')' but found end of query",
      "any where a == 1 b                            | line 1:18: expected end of query but found 'b'",
      "sequence [any where true]                     | line 1:26: a sequence needs at least two stages '[ ... ]' but found 1",
      "sequence with maxspan=1.5s [any where true] [any where true] | line 1:23: maxspan must be a whole number but found '1.5'",
      "sequence with maxspan=1 [any where true] [any where true]    | line 1:25: expected a time unit (ms, s, m, h, d) but found '['",
      "sequence with maxspan=0s [any where true] [any where true]   | line 1:23: maxspan must be positive but found 0s",
      "sequence [any where true] by a [any where true]              | line 1:48: every stage needs the same number of join keys, but one has 1 and another 0",
      "any where and == 1                            | line 1:11: expected a field name, constant or function call but found 'and'",
      "sequence [any where true] with runs=0 [any where true]       | line 1:37: runs must be between 1 and 100 but found 0",
      "sequence [any where true] with runs=101 [any where true]     | line 1:37: runs must be between 1 and 100 but found 101",
      "sequence [any where true] with runs=2.5 [any where true]     | line 1:37: runs must be a whole number between 1 and 100 but found '2.5'",
      "sequence [any where true] with runz=2 [any where true]       | line 1:32: expected 'runs' but found 'runz' (did you mean 'runs'?)",
      "sequence with runs=2 [any where true] [any where true]       | line 1:15: expected 'maxspan' but found 'runs'",
      "sequence [any where true] with runs=1                        | line 1:38: a sequence needs at least two stages '[ ... ]' but found 1",
      "sequence with maxspan=1s ![any where true] ![any where true] | line 1:1: a sequence needs at least one stage '[ ... ]' that is not a missing event '![ ... ]'",
      "sequence [any where true] ![any where true]                  | line 1:1: a sequence with missing events '![ ... ]' needs 'with maxspan='",
      "sequence with maxspan=1s [any where true] [any where true] until ![any where true] | line 1:66: an until stage cannot be a missing event '![ ... ]'",
      "sequence [any where true] [any where true] until [any where true] with runs=2     | line 1:50: an until stage cannot have 'with runs='",
      "any where a == 1 and\\n  b == $               | line 2:8: unexpected character '$'",
  })
  void malformedQueriesNameLineColumnAndWhatWasExpected(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parse(query.replace("\\n", "\n")))
        .isInstanceOf(EqlParseException.class)
        .isNotInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }

  @Test
  void runsRepeatAStageAndMissingStagesAreMarked() {
    Sequence sequence = (Sequence) EqlParser.parse(
        "sequence by k with maxspan=1m [any where a == 1] by x with runs=3 ![any where b == 2] by y");

    assertThat(sequence.stages()).extracting(Query.Stage::runs).containsExactly(3, 1);
    assertThat(sequence.stages()).extracting(Query.Stage::missing).containsExactly(false, true);
    assertThat(sequence.toString()).isEqualTo(
        "sequence by k with maxspan=60000ms [any where (a == 1)] by x with runs=3 ![any where (b == 2)] by y");
    assertThat(((Sequence) EqlParser.parse("sequence [any where true] with runs=2")).stages()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "any where true | count                                  # line 1:16: pipe | count is not supported yet",
      "join [any where true] [any where true]                  # line 1:1: join queries is not supported yet",
      "any where a[0] == 1                                     # line 1:12: array indexes (a[...]) is not supported yet",
      "any where a in (b, 1)                                   # line 1:17: values other than constants in an 'in' list is not supported yet",
      "any where (a : \"x*\") == true                          # line 1:11: a condition used as a value ((a : (\"x*\"))) is not supported yet",
      "any where length((a in (1, 2))) > 1                     # line 1:18: a condition used as a value ((a in (1, 2))) is not supported yet",
      "sequence by length(a) [any where true] [any where true] # line 1:13: expressions as join keys (length(...)) is not supported yet",
      "sequence [any where true] by a + 1 [any where true]     # line 1:30: expressions as join keys (a + ...) is not supported yet",
  })
  void unsupportedConstructsAreRefusedAtLoadTime(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parse(query))
        .isInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }
}
