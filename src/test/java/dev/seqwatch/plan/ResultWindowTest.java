package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.eql.Pipe;
import dev.seqwatch.eql.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultWindowTest {

  private static final List<Integer> SEVEN = List.of(1, 2, 3, 4, 5, 6, 7);

  private static ResultWindow window(String pipes, int size) {
    return ResultWindow.of(EqlParser.parseStatement("any where true " + pipes).pipes(), size, Pipe.Kind.TAIL);
  }

  @ParameterizedTest(name = "size {1}: {0}")
  @CsvSource(delimiter = '#', value = {
      "                                # 10 # -10 # 0",
      "| head 5                        # 10 #   5 # 0",
      "| tail 5                        # 10 #  -5 # 0",
      "| head 50                       # 10 #  10 # 0",
      "| head 5 | tail 2               # 10 #   2 # 3",
      "| tail 5 | head 2               # 10 #  -2 # 3",
      "| head 3 | tail 5               # 10 #   3 # 0",
      "| head 5 | tail 3 | head 1      # 10 #   1 # 2",
      "| tail 4 | tail 9               # 10 #  -4 # 0",
      "| head 0                        # 10 #   0 # 10",
      "| head 5                        #  0 #   0 # 0",
  })
  void pipesFoldIntoOneSignedLimitAndAnOffsetAsElasticsearchCombinesLimits(String pipes, int size, int limit,
      int offset) {
    assertThat(window(pipes == null ? "" : pipes, size)).isEqualTo(new ResultWindow(limit, offset));
  }

  @Test
  void withoutPipesSizeKeepsTheNewestInAscendingOrder() {
    assertThat(window("", 3).events(SEVEN, Comparator.naturalOrder())).containsExactly(5, 6, 7);
    assertThat(window("", 3).sequences(SEVEN)).containsExactly(5, 6, 7);
  }

  @Test
  void resultPositionHeadKeepsTheOldestWithoutPipesAndChangesNothingWithThem() {
    List<Pipe> none = List.of();
    List<Pipe> tail = EqlParser.parseStatement("any where true | tail 2").pipes();

    assertThat(ResultWindow.of(none, 3, Pipe.Kind.HEAD).events(SEVEN, Comparator.naturalOrder()))
        .containsExactly(1, 2, 3);
    assertThat(ResultWindow.of(tail, 3, Pipe.Kind.HEAD)).isEqualTo(ResultWindow.of(tail, 3, Pipe.Kind.TAIL));
  }

  @Test
  void headKeepsTheOldestAndTailTheNewestBothReturnedOldestFirst() {
    assertThat(window("| head 2", 10).events(SEVEN, Comparator.naturalOrder())).containsExactly(1, 2);
    assertThat(window("| tail 2", 10).events(SEVEN, Comparator.naturalOrder())).containsExactly(6, 7);
    assertThat(window("| head 2", 10).sequences(SEVEN)).containsExactly(1, 2);
    assertThat(window("| tail 2", 10).sequences(SEVEN)).containsExactly(6, 7);
  }

  @Test
  void sizeBoundsWhatTheFirstPipeSees() {
    assertThat(window("| head 5", 3).events(SEVEN, Comparator.naturalOrder())).containsExactly(1, 2, 3);
    assertThat(window("| tail 5 | head 1", 3).events(SEVEN, Comparator.naturalOrder())).containsExactly(5);
  }

  @Test
  void aPipeOfTheOtherDirectionPicksInsideThePrevious() {
    assertThat(window("| head 5 | tail 2", 10).events(SEVEN, Comparator.naturalOrder())).containsExactly(4, 5);
    assertThat(window("| tail 5 | head 2", 10).events(SEVEN, Comparator.naturalOrder())).containsExactly(3, 4);
  }

  @Test
  void headZeroAndSizeZeroReturnNothing() {
    assertThat(window("| head 0", 10).events(SEVEN, Comparator.naturalOrder())).isEmpty();
    assertThat(window("| tail 0", 10).sequences(SEVEN)).isEmpty();
    assertThat(window("", 0).sequences(SEVEN)).isEmpty();
  }

  @Test
  void withTooFewResultsEventsAndSequencesAnswerDifferentlyAsInElasticsearch() {
    List<Integer> four = List.of(1, 2, 3, 4);
    ResultWindow window = window("| head 5 | tail 2", 10);

    // Events: from = 3, size = 2 of the four; sequences: Limit.view's "last |limit|" of the four.
    assertThat(window.events(four, Comparator.naturalOrder())).containsExactly(4);
    assertThat(window.sequences(four)).containsExactly(3, 4);
  }

  @Test
  void tailKeepsTheIndexingOrderOfTiedEventsInTheDescendingSearchSoTheyComeBackReversed() {
    record Hit(String id, long timestamp) {
    }
    List<Hit> hits = List.of(new Hit("a", 1), new Hit("b", 1), new Hit("c", 1));
    Comparator<Hit> byTime = Comparator.comparingLong(Hit::timestamp);

    assertThat(window("| tail 2", 10).events(hits, byTime)).extracting(Hit::id).containsExactly("b", "a");
    assertThat(window("| head 2", 10).events(hits, byTime)).extracting(Hit::id).containsExactly("a", "b");
  }

  @Property(tries = 500)
  void withAtLeastSizeResultsTheFoldedWindowEqualsApplyingThePipesOneAfterAnother(
      @ForAll @IntRange(min = 0, max = 15) int size,
      @ForAll @Size(min = 1, max = 4) List<
          @IntRange(min = -12, max = 12) Integer> pipes) {
    List<Integer> results = IntStream.rangeClosed(1, 20).boxed().toList();
    List<Pipe> parsed = new ArrayList<>();
    for (int signed : pipes) {
      parsed.add(new Pipe(signed >= 0 ? Pipe.Kind.HEAD : Pipe.Kind.TAIL, Math.abs(signed),
          new Position(1, 1)));
    }
    List<Integer> expected = parsed.get(0).kind() == Pipe.Kind.HEAD ? head(results, size) : tail(results, size);
    for (Pipe pipe : parsed) {
      expected = pipe.kind() == Pipe.Kind.HEAD ? head(expected, pipe.count()) : tail(expected, pipe.count());
    }

    ResultWindow window = ResultWindow.of(parsed, size, Pipe.Kind.HEAD);

    assertThat(window.events(results, Comparator.naturalOrder())).isEqualTo(expected);
    assertThat(window.sequences(results)).isEqualTo(expected);
  }

  private static List<Integer> head(List<Integer> values, int count) {
    return values.subList(0, Math.min(count, values.size()));
  }

  private static List<Integer> tail(List<Integer> values, int count) {
    return values.subList(Math.max(0, values.size() - count), values.size());
  }
}
