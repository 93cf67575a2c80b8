package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The batch order of semantics §10.1: timestamp, then event.sequence, then position. */
class BatchOrderProperties {

  @Property
  void ordersLikeAStableSortByTimeThenSequence(@ForAll("batches") List<Event> events) {
    Comparator<Integer> byTime = Comparator.comparingLong((Integer i) -> events.get(i).timestamp())
        .thenComparingLong(i -> events.get(i).sequence());
    int[] expected = IntStream.range(0, events.size()).boxed().sorted(byTime.thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();

    assertThat(BatchOrder.of(events)).containsExactly(expected);
  }

  @Example
  void aBatchInOrderKeepsItsPositions() {
    List<Event> events = IntStream.range(0, 100).mapToObj(i -> event(i / 3, i % 3)).toList();

    assertThat(BatchOrder.of(events)).containsExactly(IntStream.range(0, 100).toArray());
  }

  @Example
  void aReversedBatchComesOutInTimeOrder() {
    List<Event> events = IntStream.range(0, 1_000).mapToObj(i -> event(1_000 - i, 0)).toList();

    assertThat(BatchOrder.of(events)).containsExactly(IntStream.range(0, 1_000).map(i -> 999 - i).toArray());
  }

  @Provide
  Arbitrary<List<Event>> batches() {
    // Few distinct times and sequences, so that ties are common, a missing event.sequence among
    // them; lengths across the insertion bound.
    Arbitrary<Event> event = Arbitraries.longs().between(0, 20)
        .flatMap(time -> Arbitraries.of(0L, 1L, 2L, Event.NO_SEQUENCE).map(sequence -> event(time, sequence)));
    return event.list().ofMaxSize(300);
  }

  private static Event event(long timestamp, long sequence) {
    return new Event(0, timestamp, sequence, new Object[0], null);
  }
}
