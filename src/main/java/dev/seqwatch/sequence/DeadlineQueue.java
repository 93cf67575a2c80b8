package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Items with the time each is due, in the order they were added, taken from the front once due:
 * how {@link OrphanPool} finds the links whose orphans expired without walking its map. A ring of
 * two arrays, so that an entry is a reference and a number, not an object of its own.
 *
 * <p>Added in order of their deadlines, items are taken exactly when due. An item added with an
 * earlier deadline than one before it waits for that one; nothing is ever taken before its
 * deadline. At the end of each batch the pool adds the links the batch wrote, with the batch's time
 * plus the rule's time to live, which is the allowed lateness for every rule with orphans, so there
 * the order holds but for the few milliseconds by which two threads' batches may overlap.
 *
 * <p>Thread-safe: every method holds the queue's lock, which is never held while calling out.
 *
 * @param <T> what is due
 */
final class DeadlineQueue<T> {

  private Object[] items = new Object[1024];
  private long[] deadlines = new long[1024];
  private int head;
  private int size;

  synchronized void add(T item, long deadlineNanos) {
    if (size == items.length) {
      grow();
    }
    int at = (head + size) & (items.length - 1);
    items[at] = item;
    deadlines[at] = deadlineNanos;
    size++;
  }

  /** Adds each of {@code added}, in order, due at the deadline of the same index, under one lock. */
  synchronized void addAll(List<T> added, long[] deadlinesNanos) {
    for (int i = 0; i < added.size(); i++) {
      add(added.get(i), deadlinesNanos[i]);
    }
  }

  /** Removes and returns, in the order added, the items at the front due at {@code nowNanos}. */
  @SuppressWarnings("unchecked")
  synchronized List<T> takeDue(long nowNanos) {
    List<T> due = new ArrayList<>();
    while (size > 0 && deadlines[head] - nowNanos <= 0) {
      due.add((T) items[head]);
      items[head] = null;
      head = (head + 1) & (items.length - 1);
      size--;
    }
    return due;
  }

  /** Doubles the ring, the front moved to index 0; the length stays a power of two for the masks. */
  private void grow() {
    Object[] biggerItems = new Object[items.length * 2];
    long[] biggerDeadlines = new long[deadlines.length * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (items.length - 1);
      biggerItems[i] = items[from];
      biggerDeadlines[i] = deadlines[from];
    }
    items = biggerItems;
    deadlines = biggerDeadlines;
    head = 0;
  }
}
