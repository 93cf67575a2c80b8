package dev.seqwatch.event;

import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The values arrays of finished batches, handed to the events of later batches instead of new
 * ones. An event's array has a slot per field any loaded rule reads: 316 with Elastic's whole rule
 * set of {@code 14cf530}, about 1.3 KB made for every event (about 900 slots, 3.6 KB, and a sixth
 * of all the bytes the server allocated in JFR run all1, with the rule set of then). Allocation
 * sets the pace of young collections, and each young collection copies the candidates the rules
 * keep, so an array made per event costs more in collections than to fill.
 *
 * <p>Arrays come back a batch at a time, through {@link EventReader#recycle}, from a caller that is
 * done with the batch's events. Each is cleared when it is leased again, just before an event is
 * read into it: cleared when given back, after matching a thousand rules had filled the processor's
 * caches with correlation state, its lines were cold again when the reader stored into them, a
 * miss per value (the reader's largest cost with Elastic's whole rule set; docs/benchmarks.md,
 * "Values arrays cleared when leased"). The price: a waiting array keeps its old strings reachable
 * until it is leased, at most {@value #WAITING_ARRAYS} arrays' worth, for a young collection to
 * copy if one comes then.
 *
 * <p>Thread-safe: a batch's arrays may come back on one thread and be leased on another. At most
 * {@value #WAITING_ARRAYS} arrays wait (eight batches of a thousand events; 10 MB with the whole
 * rule set's 316 slots); past that, arrays are left to the collector, as they were before, whatever
 * the size of the batches.
 */
final class ValuesArrays {

  static final int WAITING_ARRAYS = 8192;

  private final int size;
  private final Queue<Object[][]> returned = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();

  ValuesArrays(int size) {
    this.size = size;
  }

  /** The arrays of one earlier batch, if one is waiting, for the events of a batch being read. */
  Lease lease() {
    Object[][] arrays = returned.poll();
    if (arrays != null) {
      waiting.addAndGet(-arrays.length);
    }
    return new Lease(arrays);
  }

  /** Takes back the arrays of {@code events}, which nothing may use afterwards. */
  void giveBack(List<Event> events) {
    int room = WAITING_ARRAYS - waiting.get();
    if (room <= 0) {
      return;
    }
    Object[][] arrays = new Object[Math.min(room, events.size())][];
    int count = 0;
    for (Event event : events) {
      if (count == arrays.length) {
        break;
      }
      Object[] values = event.values();
      if (values.length == size) {
        arrays[count++] = values;
      }
    }
    if (count == 0) {
      return;
    }
    if (waiting.addAndGet(count) > WAITING_ARRAYS) {
      waiting.addAndGet(-count); // another batch came back first
      return;
    }
    returned.offer(count == arrays.length ? arrays : Arrays.copyOf(arrays, count));
  }

  /** Arrays for one batch's events, one per event: recycled ones while they last, then new ones. */
  final class Lease {
    private final Object[][] arrays;
    private int next;

    private Lease(Object[][] arrays) {
      this.arrays = arrays;
    }

    Object[] next() {
      if (arrays != null && next < arrays.length) {
        Object[] values = arrays[next++];
        Arrays.fill(values, null);
        return values;
      }
      return new Object[size];
    }
  }
}
