package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The queue gives back what was added, in the order added, each item once its deadline has come
 * and none before, however often its ring grows and wraps.
 */
class DeadlineQueueProperties {

  /**
   * Each step is one tick of a clock. Below 60 it adds the next item, due up to 3,900 ticks later
   * by the step's value (so deadlines come out of order, and thousands of items wait at once: the
   * ring grows, with its front anywhere); from 60 to 79 it adds the next two at once ({@code
   * addAll}, as the pool adds a batch's writes), due by the step's value and another; otherwise it
   * takes what is due now. The model is a plain deque taken from the front while its first item is
   * due.
   */
  @Property(tries = 100)
  void takesExactlyTheDueItemsAtTheFrontInTheOrderAdded(
      @ForAll @Size(max = 5_000) List<@IntRange(max = 99) Integer> steps) {
    DeadlineQueue<Integer> queue = new DeadlineQueue<>();
    Deque<long[]> model = new ArrayDeque<>(); // item, deadline
    int next = 0;
    long now = 0;
    for (int step : steps) {
      now++;
      if (step < 60) {
        long deadline = now + step % 40 * 100L;
        queue.add(next, deadline);
        model.add(new long[] {next, deadline});
        next++;
      } else if (step < 80) {
        long[] deadlines = {now + step % 40 * 100L, now + (step + 7) % 40 * 100L};
        queue.addAll(List.of(next, next + 1), deadlines);
        model.add(new long[] {next, deadlines[0]});
        model.add(new long[] {next + 1, deadlines[1]});
        next += 2;
      } else {
        assertThat(queue.takeDue(now)).containsExactlyElementsOf(takeDue(model, now));
      }
    }

    assertThat(queue.takeDue(Long.MAX_VALUE)).containsExactlyElementsOf(takeDue(model, Long.MAX_VALUE));
  }

  private static List<Integer> takeDue(Deque<long[]> model, long now) {
    List<Integer> due = new ArrayList<>();
    while (!model.isEmpty() && model.peekFirst()[1] <= now) {
      due.add((int) model.pollFirst()[0]);
    }
    return due;
  }

  @Example
  void aRingThatGrowsWhileItsFrontIsPastTheStartKeepsTheOrder() {
    DeadlineQueue<Integer> queue = new DeadlineQueue<>();
    IntStream.range(0, 1_000).forEach(i -> queue.add(i, i));
    assertThat(queue.takeDue(599)).hasSize(600);
    // 400 left from index 600: the next 1,000 wrap past the end, and the ring grows on the way.
    IntStream.range(1_000, 2_000).forEach(i -> queue.add(i, i));

    assertThat(queue.takeDue(1_499)).containsExactlyElementsOf(IntStream.range(600, 1_500).boxed().toList());
    assertThat(queue.takeDue(1_499)).isEmpty();
    assertThat(queue.takeDue(1_999)).containsExactlyElementsOf(IntStream.range(1_500, 2_000).boxed().toList());
  }
}
