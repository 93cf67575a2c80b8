package dev.seqwatch.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Allocates once through the young generation, eden and both survivor spaces, before the service
 * takes traffic, so that the kernel maps and clears its pages at start rather than under the first
 * minutes of load.
 *
 * <p>Why: a page of the heap costs the kernel a fault and a clear the first time it is written,
 * and nothing earlier. The heap starts at its full size (README, Memory sizing), so eden is
 * gigabytes that a new server walks through for the first time while it serves: at about 2 KB
 * allocated per event, the first four million events or so. A profile of the bundled rule's
 * server after 800,000 events of warm-up, with the heap in huge pages, still spent a tenth of its
 * CPU in the kernel's {@code clear_page_erms} (docs/benchmarks.md, "The young generation touched
 * at start"). The survivor spaces are first written by the collector, inside its pauses: with
 * Elastic's rule set, whose correlation state fills them, the first young collections of a new
 * server spent more time in the kernel than copying (docs/benchmarks.md, "Fixed generation
 * sizes"). Elasticsearch pre-touches its whole heap for the same reason ({@code
 * -XX:+AlwaysPreTouch}); touching only the young generation keeps the old generation, most of the
 * heap, unmapped until it is used.
 *
 * <p>How: arrays of {@link #CHUNK} bytes, each dropped at once, as many bytes as eden holds; the
 * JVM zeroes every array it allocates, which writes each page. Eden fills, a young collection finds
 * nothing alive, and allocation goes on from eden's start: so the bytes allocated, not where the
 * first array lands, decide that every page was written. For the survivor spaces, arrays worth seven
 * eighths of one are kept alive until two young collections have run: the first copies them into one
 * survivor space, the second into the other. That needs survivor spaces of a fixed size (a pool
 * with a maximum: ParallelGC and SerialGC); G1's regions have none, and a collector without an eden
 * pool (ZGC, Shenandoah) is left alone.
 */
public final class YoungGenerationTouch {

  /** Allocated at a time: well below eden, well above a thread's allocation buffer. */
  static final int CHUNK = 1 << 20;

  /** Where each array goes, so that no compiler can drop the allocation as unused. */
  private static volatile byte[] sink;

  private YoungGenerationTouch() {
  }

  /**
   * What was touched: eden's size and the bytes kept through the survivor spaces (0 for either
   * that the collector does not have), and the time it took.
   */
  public record Touched(long bytes, long survivorBytes, long nanos) {
  }

  /** Allocates through the young generation once, as described above. */
  public static Touched touchYoungGeneration() {
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    return touch(edenSize(pools), survivorSize(pools), YoungGenerationTouch::collections);
  }

  /**
   * Allocates {@code bytes} of eden, rounded up to whole chunks, and drops them; with {@code
   * survivorBytes} above 0, first takes seven eighths of it in whole chunks and keeps them until
   * {@code collections} has counted two more, allocating on through eden as long as needed but at
   * most four times {@code bytes} more, so that a collector that does not run when eden fills
   * cannot keep this going.
   */
  static Touched touch(long bytes, long survivorBytes, LongSupplier collections) {
    long start = System.nanoTime();
    List<byte[]> kept = new ArrayList<>();
    // Seven eighths: the space's usable size is a little under its pool's maximum, and what does
    // not fit would go to the old generation instead.
    for (long held = CHUNK; held <= survivorBytes / 8 * 7; held += CHUNK) {
      kept.add(new byte[CHUNK]);
    }
    long before = collections.getAsLong();
    long allocated = 0;
    while (allocated < bytes || !kept.isEmpty() && collections.getAsLong() < before + 2 && allocated < 5 * bytes) {
      sink = new byte[CHUNK];
      allocated += CHUNK;
    }
    sink = null;
    long survivors = (long) kept.size() * CHUNK;
    kept.clear();
    return new Touched(bytes, survivors, System.nanoTime() - start);
  }

  /**
   * The largest eden the heap's eden pool may have (its maximum, or what it has committed when
   * larger or when no maximum is set), 0 when the collector has no eden pool.
   */
  static long edenSize(List<MemoryPoolMXBean> pools) {
    return pools.stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden"))
        .map(MemoryPoolMXBean::getUsage)
        .findFirst()
        .map(usage -> Math.max(usage.getMax(), usage.getCommitted()))
        .orElse(0L);
  }

  /**
   * The survivor pool's maximum, the size of each of the two survivor spaces; 0 when the pool has no
   * maximum (G1) or there is none.
   */
  static long survivorSize(List<MemoryPoolMXBean> pools) {
    return pools.stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getName().contains("Survivor"))
        .map(pool -> pool.getUsage().getMax())
        .findFirst()
        .map(max -> Math.max(0, max))
        .orElse(0L);
  }

  /** Collections run so far, by every collector of the JVM. */
  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }
}
