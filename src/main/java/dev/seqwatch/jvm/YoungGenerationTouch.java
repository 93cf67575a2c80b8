package dev.seqwatch.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;

/**
 * Allocates once through the young generation's eden before the service takes traffic, so that the
 * kernel maps and clears its pages at start rather than under the first minutes of load.
 *
 * <p>Why: a page of the heap costs the kernel a fault and a clear the first time it is written,
 * and nothing earlier. The heap starts at its full size (README, Memory sizing), so eden is
 * gigabytes that a new server walks through for the first time while it serves: at about 2 KB
 * allocated per event, the first four million events or so. A profile of the bundled rule's
 * server after 800,000 events of warm-up, with the heap in huge pages, still spent a tenth of its
 * CPU in the kernel's {@code clear_page_erms} (docs/benchmarks.md, "The young generation touched
 * at start"). Elasticsearch pre-touches its whole heap for the same reason ({@code
 * -XX:+AlwaysPreTouch}); touching only eden keeps the old generation, most of the heap, unmapped
 * until it is used.
 *
 * <p>How: arrays of {@link #CHUNK} bytes, each dropped at once, as many bytes as eden holds; the
 * JVM zeroes every array it allocates, which writes each page. Eden fills, a young collection finds
 * nothing alive, and allocation goes on from eden's start: so the bytes allocated, not where the
 * first array lands, decide that every page was written. A collector without an eden pool (ZGC,
 * Shenandoah) is left alone.
 */
public final class YoungGenerationTouch {

  /** Allocated at a time: well below eden, well above a thread's allocation buffer. */
  static final int CHUNK = 1 << 20;

  /** Where each array goes, so that no compiler can drop the allocation as unused. */
  private static volatile byte[] sink;

  private YoungGenerationTouch() {
  }

  /** What was touched: eden's size in bytes (0 without an eden pool) and the time it took. */
  public record Touched(long bytes, long nanos) {
  }

  /** Allocates through eden once, as described above. */
  public static Touched touchEden() {
    return touch(edenSize(ManagementFactory.getMemoryPoolMXBeans()));
  }

  /** Allocates {@code bytes}, rounded up to whole chunks, and drops them. */
  static Touched touch(long bytes) {
    long start = System.nanoTime();
    for (long allocated = 0; allocated < bytes; allocated += CHUNK) {
      sink = new byte[CHUNK];
    }
    sink = null;
    return new Touched(bytes, System.nanoTime() - start);
  }

  /**
   * The largest eden the heap's eden pool may have (its maximum, or what it has committed when
   * larger or when no maximum is set), 0 when the collector has no eden pool.
   */
  static long edenSize(List<MemoryPoolMXBean> pools) {
    Optional<MemoryUsage> eden = pools.stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden"))
        .map(MemoryPoolMXBean::getUsage)
        .findFirst();
    return eden.map(usage -> Math.max(usage.getMax(), usage.getCommitted())).orElse(0L);
  }
}
