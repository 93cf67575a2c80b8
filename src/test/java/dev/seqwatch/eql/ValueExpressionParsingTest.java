package dev.seqwatch.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.ValueComparison;
import dev.seqwatch.eql.Expression.ValueCondition;
import dev.seqwatch.eql.Query.EventQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Functions, arithmetic and comparisons of values parse as Elasticsearch's grammar (EqlBase.g4)
 * groups them; the canonical, fully parenthesised {@code toString()} shows the grouping.
 */
class ValueExpressionParsingTest {

  private static Expression condition(String text) {
    return ((EventQuery) EqlParser.parse("any where " + text)).condition();
  }

  @ParameterizedTest(name = "{0} parses as {1}")
  @CsvSource(delimiter = '|', value = {
      "a + b * c == 1                       | ((a + (b * c)) == 1)",
      "(a + b) * c == 1                     | (((a + b) * c) == 1)",
      "a - b - c == 1                       | (((a - b) - c) == 1)",
      "a / b % c == 1                       | (((a / b) % c) == 1)",
      "-a == 1                              | ((- a) == 1)",
      "- -1 == a                            | ((- -1) == a)",
      "a * -2 > 3                           | ((a * -2) > 3)",
      "length(a) > 3                        | (length(a) > 3)",
      "LENGTH(a) > 3                        | (length(a) > 3)",
      "startsWith~(a, \"x\")                | startsWith~(a, \"x\")",
      "STARTSWITH~(a, \"x\")                | startsWith~(a, \"x\")",
      "endsWith~(a, \"x\") and b == 1       | (endsWith~(a, \"x\") and (b == 1))",
      "not cidrMatch(ip, \"10.0.0.0/8\")    | (not cidrMatch(ip, \"10.0.0.0/8\"))",
      "cidrMatch(ip, \"10.0.0.0/8\") == true | (cidrMatch(ip, \"10.0.0.0/8\") == true)",
      "between~(a, \"x\", \"y\", true) : \"z\" | (between~(a, \"x\", \"y\", true) : (\"z\"))",
      "indexOf~(a, \"x\", 2) == null        | (indexOf~(a, \"x\", 2) == null)",
      "concat(a, \":\", b) in (\"1:2\")     | (concat(a, \":\", b) in (\"1:2\"))",
      "substring(a, -4) like~ \"*.EXE\"     | (substring(a, -4) like~ (\"*.EXE\"))",
      "a == b                               | (a == b)",
      "a < b + 1                            | (a < (b + 1))",
      "add(a, 1) == subtract(b, 2)          | (add(a, 1) == subtract(b, 2))",
      "number(\"0x32\", 16) == a            | (number(\"0x32\", 16) == a)",
      "string(a) : \"1*\"                   | (string(a) : (\"1*\"))",
      "?a + 1 == 2                          | ((?a + 1) == 2)",
      "(a == 1)                             | (a == 1)",
      "((length(a))) > 1                    | (length(a) > 1)",
      "a == .5                              | (a == 0.5)",
      "a == 5.                              | (a == 5.0)",
      "a == 1.5e3                           | (a == 1500.0)",
      "a.`0`.b == 1                         | (`a.0.b` == 1)",
      "`x y`.z : \"q\"                     | (`x y.z` : (\"q\"))",
  })
  void valuesGroupAsElasticsearchsGrammarDoes(String text, String canonical) {
    assertThat(condition(text).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} becomes {1}")
  @CsvSource(delimiter = '|', value = {
      "-1 < exit_code       | (exit_code > -1)",
      "5 <= a               | (a >= 5)",
      "\"x\" == a           | (a == \"x\")",
      "3 != a               | (a != 3)",
      "1 > a                | (a < 1)",
      "2 >= a               | (a <= 2)",
  })
  void aConstantOnTheLeftOfAFieldIsTurnedRoundIntoAPlainComparison(String text, String canonical) {
    Expression parsed = condition(text);
    assertThat(parsed).isInstanceOf(Comparison.class);
    assertThat(parsed.toString()).isEqualTo(canonical);
  }

  @Test
  void comparisonsThatAreNotFieldAgainstConstantAreValueComparisons() {
    assertThat(condition("a == b")).isInstanceOf(ValueComparison.class);
    assertThat(condition("length(a) == 1")).isInstanceOf(ValueComparison.class);
    assertThat(condition("1 == 1")).isInstanceOf(ValueComparison.class);
    assertThat(condition("startsWith(a, \"b\")")).isInstanceOf(ValueCondition.class);
    assertThat(condition("a")).isInstanceOf(ValueCondition.class);
  }

  @Test
  void valuePositionsPointAtTheirFirstToken() {
    Expression.Or or = (Expression.Or) condition("x == 1 or\n  length(a) > 2");
    ValueComparison comparison = (ValueComparison) or.right();
    assertThat(comparison.at()).isEqualTo(new Position(2, 3));
    assertThat(comparison.right().at()).isEqualTo(new Position(2, 15));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "any where lenght(a) > 1               # line 1:11: unknown function 'lenght' (did you mean 'length'?)",
      "any where arrayContains(a, 1)         # line 1:11: unknown function 'arrayContains'",
      "any where length~(a) > 1              # line 1:11: function length has no case-insensitive form 'length~'",
      "any where substring(a) == \"x\"       # line 1:11: substring expects 2 or 3 arguments but got 1",
      "any where length(a, b) == 1           # line 1:11: length expects exactly 1 argument but got 2",
      "any where add(1) == 1                 # line 1:11: add expects exactly 2 arguments but got 1",
      "any where cidrMatch(a) == 1           # line 1:11: cidrMatch expects at least 2 arguments but got 1",
      "any where startsWith~ == 1            # line 1:23: expected '(' after the function name startsWith~ but found '=='",
      "any where length(a,) == 1             # line 1:20: expected a field name, constant or function call but found ')'",
      "any where a + == 1                    # line 1:15: expected a field name, constant or function call but found '=='",
  })
  void malformedValuesSayWhatWasExpectedWhere(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parse(query))
        .isInstanceOf(EqlParseException.class)
        .isNotInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }
}
