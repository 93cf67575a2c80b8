package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import java.util.List;

/**
 * The order in which a batch's events are matched (semantics §10.1): by timestamp, then
 * event.sequence, then position in the batch.
 *
 * <p>A merge sort of positions over the batch's times, rather than {@code Arrays.sort} with a
 * comparator: the JDK's TimSort is one method for every caller in the process, and the metrics
 * scrape sorts arrays of thousands of samples of its own. Compiled for one kind of array and met by
 * the other, its merges were made not entrant and compiled again by C2 fifteen times after the
 * warm-up of one measured run of the whole rule set (docs/benchmarks.md, thirty-first session).
 * This sort has one caller and compares longs. Shippers mostly send events in order, so that case
 * costs one pass, and a merge of two runs already in order costs one comparison.
 */
final class BatchOrder {

  /** Ranges this short are sorted by insertion: fewer moves than merging them. */
  private static final int INSERTION = 16;

  private BatchOrder() {
  }

  static int[] of(List<Event> events) {
    int size = events.size();
    long[] times = new long[size];
    long[] sequences = new long[size];
    int[] order = new int[size];
    boolean sorted = true;
    for (int i = 0; i < size; i++) {
      Event event = events.get(i);
      times[i] = event.timestamp();
      sequences[i] = event.sequence();
      order[i] = i;
      sorted &= i == 0 || !after(times, sequences, i - 1, i);
    }
    if (!sorted) {
      sort(order, order.clone(), 0, size, times, sequences);
    }
    return order;
  }

  /**
   * Sorts {@code into[from, to)}, which holds the same positions as {@code scratch[from, to)}: each
   * level sorts its halves into {@code scratch} and merges them back, the arrays swapping roles one
   * level down. Stable: of two equal events, the one from the left half, the earlier position, goes
   * first.
   */
  private static void sort(int[] into, int[] scratch, int from, int to, long[] times, long[] sequences) {
    if (to - from <= INSERTION) {
      for (int i = from + 1; i < to; i++) {
        int position = into[i];
        int j = i - 1;
        while (j >= from && after(times, sequences, into[j], position)) {
          into[j + 1] = into[j];
          j--;
        }
        into[j + 1] = position;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    sort(scratch, into, from, middle, times, sequences);
    sort(scratch, into, middle, to, times, sequences);
    if (!after(times, sequences, scratch[middle - 1], scratch[middle])) {
      System.arraycopy(scratch, from, into, from, to - from);
      return;
    }
    int left = from;
    int right = middle;
    for (int i = from; i < to; i++) {
      if (right >= to || left < middle && !after(times, sequences, scratch[left], scratch[right])) {
        into[i] = scratch[left++];
      } else {
        into[i] = scratch[right++];
      }
    }
  }

  /** Whether the event at position {@code a} goes strictly after the one at {@code b}. */
  private static boolean after(long[] times, long[] sequences, int a, int b) {
    return times[a] > times[b] || times[a] == times[b] && sequences[a] > sequences[b];
  }
}
