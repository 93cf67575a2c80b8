package dev.seqwatch.sequence;

import java.util.Arrays;

/**
 * A sorted set of millisecond timestamps: when one key's events of a missing stage occurred. Only
 * their times matter to the missing-event check (semantics §11: Elasticsearch's check asks for the
 * nearest such event before, between or after the chain's events), so the events themselves are not
 * kept. Mutated only inside its key's atomic compute.
 */
final class TimeSet {

  /** What one more time adds to a set's weight, at most. */
  static final int BYTES_PER_TIME = 8;

  private long[] times = new long[4];
  private int size;

  /** Adds {@code time}; a time already present is not added twice. */
  void add(long time) {
    int at = Arrays.binarySearch(times, 0, size, time);
    if (at >= 0) {
      return;
    }
    int insert = -at - 1;
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
    }
    System.arraycopy(times, insert, times, insert + 1, size - insert);
    times[insert] = time;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Removes every time before {@code time}. */
  void removeBefore(long time) {
    int from = 0;
    while (from < size && times[from] < time) {
      from++;
    }
    if (from > 0) {
      System.arraycopy(times, from, times, 0, size - from);
      size -= from;
    }
  }

  /** Removes every time before {@code time} except the latest of them. */
  void removeBeforeKeepingLatest(long time) {
    int before = 0;
    while (before < size && times[before] < time) {
      before++;
    }
    if (before > 1) {
      System.arraycopy(times, before - 1, times, 0, size - before + 1);
      size -= before - 1;
    }
  }

  /** Removes the oldest times until at most {@code limit} remain; returns how many it removed. */
  int dropOldest(int limit) {
    int excess = size - limit;
    if (excess <= 0) {
      return 0;
    }
    System.arraycopy(times, excess, times, 0, limit);
    size = limit;
    return excess;
  }

  /** Removes the newest times until at most {@code limit} remain; returns how many it removed. */
  int dropNewest(int limit) {
    int excess = size - limit;
    if (excess <= 0) {
      return 0;
    }
    size = limit;
    return excess;
  }

  /** The latest time strictly before {@code time}, or {@link Long#MIN_VALUE} if none. */
  long latestBefore(long time) {
    int at = Arrays.binarySearch(times, 0, size, time);
    int index = (at >= 0 ? at : -at - 1) - 1;
    return index >= 0 ? times[index] : Long.MIN_VALUE;
  }

  /** The earliest time strictly after {@code time}, or {@link Long#MAX_VALUE} if none. */
  long earliestAfter(long time) {
    int at = Arrays.binarySearch(times, 0, size, time);
    int index = at >= 0 ? at + 1 : -at - 1;
    return index < size ? times[index] : Long.MAX_VALUE;
  }

  /** Whether a time lies strictly between {@code after} and {@code before}. */
  boolean anyBetween(long after, long before) {
    return earliestAfter(after) < before;
  }

  /**
   * Approximate retained bytes: the array's capacity, which grows with {@link #add} and which no
   * removal shrinks, so a holder that weighed the set need not weigh it again after removals.
   */
  int weight() {
    return 32 + 8 * times.length;
  }
}
