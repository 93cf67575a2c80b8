package dev.seqwatch.web;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Byte arrays for request bodies, kept between requests. A batch's body is its events' bytes,
 * about 3 MB for a thousand Defend events, and with the bundled rule it was 58 % of the bytes the
 * server allocated (JFR, docs/benchmarks.md). An array that large is allocated outside the
 * thread's buffer and zeroed at once, and until the young generation has been used once end to end
 * every such array also meets fresh memory: the kernel faults in and clears each page, which was a
 * quarter of the server's CPU at the load harness's warm-up.
 *
 * <p>A fixed number of slots, each holding one free array or none; taking and giving back are a
 * compare-and-set on a slot, so concurrent requests never wait for each other here. When no kept
 * array is long enough a new one is made, rounded up so that the next, slightly larger body of the
 * same shipper fits; when the slots are full a longer array displaces the shortest. Arrays longer
 * than {@code largest} are never kept, so the pool holds at most {@code slots * largest} bytes.
 */
public final class BodyBuffers {

  /** New arrays are rounded up to this, so that batches of about one size share their arrays. */
  private static final int ROUNDING = 64 * 1024;

  private final AtomicReferenceArray<byte[]> free;
  private final int largest;

  /** Keeps at most {@code slots} arrays, none longer than {@code largest} bytes. */
  public BodyBuffers(int slots, int largest) {
    this.free = new AtomicReferenceArray<>(slots);
    this.largest = largest;
  }

  /** An array of at least {@code length} bytes, with whatever an earlier body left in it. */
  byte[] take(int length) {
    for (int i = 0; i < free.length(); i++) {
      byte[] kept = free.get(i);
      if (kept != null && kept.length >= length && free.compareAndSet(i, kept, null)) {
        return kept;
      }
    }
    long rounded = ((long) length + ROUNDING - 1) / ROUNDING * ROUNDING;
    return new byte[(int) Math.min(rounded, Integer.MAX_VALUE - 8)];
  }

  /**
   * Keeps {@code array} for a later body, in a free slot, else in place of the shortest kept array
   * if that is shorter: otherwise the small arrays of a few small bodies would fill the slots and
   * turn every large one away. Nobody may use the array after this call.
   */
  void give(byte[] array) {
    if (array.length > largest) {
      return;
    }
    int shortest = -1;
    byte[] shortestArray = array;
    for (int i = 0; i < free.length(); i++) {
      byte[] kept = free.get(i);
      if (kept == null) {
        if (free.compareAndSet(i, null, array)) {
          return;
        }
      } else if (kept.length < shortestArray.length) {
        shortest = i;
        shortestArray = kept;
      }
    }
    if (shortest >= 0) {
      free.compareAndSet(shortest, shortestArray, array); // lost to another request: drop it
    }
  }
}
