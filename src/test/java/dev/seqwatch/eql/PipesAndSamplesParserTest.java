package dev.seqwatch.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.Query.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipesAndSamplesParserTest {

  @Test
  void pipesAreParsedInTheOrderWrittenWithTheirPosition() {
    Statement statement = EqlParser.parseStatement("process where true | head 5 |tail 2\n| head 0");

    assertThat(statement.pipes()).containsExactly(
        new Pipe(Pipe.Kind.HEAD, 5, new Position(1, 20)),
        new Pipe(Pipe.Kind.TAIL, 2, new Position(1, 29)),
        new Pipe(Pipe.Kind.HEAD, 0, new Position(2, 1)));
    assertThat(statement).hasToString("process where true | head 5 | tail 2 | head 0");
  }

  @Test
  void aSequenceTakesPipesToo() {
    Statement statement = EqlParser.parseStatement("sequence [a where true] [b where true] | tail 1");

    assertThat(statement.query()).isInstanceOf(Query.Sequence.class);
    assertThat(statement.pipes()).extracting(Pipe::kind).containsExactly(Pipe.Kind.TAIL);
  }

  @Test
  void aStatementWithoutPipesHasNone() {
    assertThat(EqlParser.parseStatement("any where true").pipes()).isEmpty();
  }

  @Test
  void rulesRefusePipesAtTheFirstPipeSayingWhereTheyRun() {
    assertThatThrownBy(() -> EqlParser.parse("any where true\n  | tail 3"))
        .isInstanceOf(UnsupportedEqlException.class)
        .hasMessageStartingWith("line 2:3: pipes (| tail) are not supported in rules")
        .satisfies(e -> assertThat(((UnsupportedEqlException) e).construct()).isEqualTo("pipes (| tail)"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "any where true | count                   # line 1:16: pipe | count is not supported yet",
      "any where true | filter a == 1           # line 1:16: pipe | filter is not supported yet",
      "any where true | sort a                  # line 1:16: pipe | sort is not supported yet",
      "any where true | unique a                # line 1:16: pipe | unique is not supported yet",
      "any where true | unique_count a          # line 1:16: pipe | unique_count is not supported yet",
      "any where true | head 2 | count          # line 1:25: pipe | count is not supported yet",
      "sample by a [any where true] [any where true] | head 1  # line 1:47: pipes after a sample (| head) is not supported yet",
  })
  void thePipesElasticsearchDoesNotRunAreRefusedWithTheirPosition(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parseStatement(query))
        .isInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "any where true | head                    # line 1:16: pipe | head expects exactly one argument but found 0",
      "any where true | tail 1, 2               # line 1:16: pipe | tail expects exactly one argument but found 2",
      "any where true | head -1                 # line 1:23: pipe | head expects a positive integer or 0 but found -1",
      "any where true | head 1.5                # line 1:23: pipe | head expects a positive integer or 0 but found 1.5",
      "any where true | tail \"3\"              # line 1:23: pipe | tail expects a positive integer or 0 but found \"3\"",
      "any where true | head x                  # line 1:23: pipe | head expects a positive integer or 0 but found x",
      "any where true | head 99999999999        # line 1:23: pipe | head expects a positive integer or 0 of at most 2147483647 but found 99999999999",
      "any where true | haed 1                  # line 1:18: unknown pipe 'haed'; the pipes are head and tail (did you mean 'head'?)",
      "any where true | 5                       # line 1:18: expected a pipe name (head, tail) after '|' but found '5'",
      "any where true | head 1,                 # line 1:25: expected an argument after ',' but found end of query",
  })
  void malformedPipesNameLineColumnAndWhatWasExpected(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parseStatement(query))
        .isInstanceOf(EqlParseException.class)
        .isNotInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }

  @Test
  void aSampleHasItsKeysAndFiltersWithTheirOwnKeys() {
    Sample sample = (Sample) EqlParser.parse(
        "sample by host [process where a == 1] by ?os [network where true] by op_sys");

    assertThat(sample.joinKeys()).containsExactly(new Field("host"));
    assertThat(sample.filters()).hasSize(2);
    assertThat(sample.filters().get(0).joinKeys()).containsExactly(new Field("os", true));
    assertThat(sample.filters().get(1).joinKeys()).containsExactly(new Field("op_sys"));
    assertThat(sample).hasToString(
        "sample by host [process where (a == 1)] by ?os [network where true] by op_sys");
  }

  @Test
  void aSampleMayNameItsKeysOnlyOnItsFilters() {
    Sample sample = (Sample) EqlParser.parse("sample [any where true] by a [any where true] by b");

    assertThat(sample.joinKeys()).isEmpty();
    assertThat(sample.filters()).extracting(filter -> filter.joinKeys().get(0).name()).containsExactly("a", "b");
  }

  @Test
  void aSampleTakesFiveFilters() {
    String five = "sample by k" + " [any where true]".repeat(5);

    assertThat(((Sample) EqlParser.parse(five)).filters()).hasSize(5);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "sample by k [any where true]                                  # line 1:1: a sample needs at least two filters '[ ... ]' but found 1",
      "sample by k [any where true] until [any where true]          # line 1:30: a sample needs at least two filters '[ ... ]' but found 1 before 'until'",
      "sample [any where true] [any where true]                     # line 1:8: a sample needs at least one join key, but this filter has none",
      "sample [any where true] by a [any where true]                # line 1:30: every filter needs the same number of join keys, but one has 1 and another 0",
      "sample by a [any where true] by b [any where true]           # line 1:35: every filter needs the same number of join keys, but one has 2 and another 1",
      "sample by a [any where true] by a [any where true] by a      # line 1:30: a join key can be named only once in a filter, but a is named twice",
      "sample by a [any where true] ![any where true]               # line 1:30: missing events ![ ... ] are only allowed in a sequence, not in a sample",
      "sample by a with maxspan=1s [any where true] [any where true] # line 1:13: a sample needs at least two filters '[ ... ]' but found 0 before 'with'",
      "sample by a [any where true] [any where true] until [any where true] # line 1:47: expected end of query but found 'until'",
  })
  void samplesOutsideElasticsearchsLimitsAreRefusedWithThePosition(String query, String message) {
    assertThatThrownBy(() -> EqlParser.parse(query))
        .isInstanceOf(EqlParseException.class)
        .isNotInstanceOf(UnsupportedEqlException.class)
        .hasMessage(message);
  }

  @Test
  void aSixthSampleFilterIsRefusedWhereItStarts() {
    String six = "sample by k" + " [any where true]".repeat(6);

    assertThatThrownBy(() -> EqlParser.parse(six))
        .isInstanceOf(EqlParseException.class)
        .hasMessage("line 1:" + (12 + 5 * 17 + 1) + ": a sample has at most 5 filters but found 6");
  }

  @Test
  void sampleIsAKeywordNotACategory() {
    assertThat(List.of("sample", "sequence")).allSatisfy(word ->
        assertThatThrownBy(() -> EqlParser.parse(word + " where true")).isInstanceOf(EqlParseException.class));
  }
}
