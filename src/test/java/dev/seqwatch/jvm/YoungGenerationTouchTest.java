package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoungGenerationTouchTest {

  @Test
  void edenIsTheHeapPoolNamedEdenAtItsLargestOfMaximumAndCommitted() {
    List<MemoryPoolMXBean> pools = List.of(
        pool("Metaspace", MemoryType.NON_HEAP, 0, 900 << 20),
        pool("PS Survivor Space", MemoryType.HEAP, 64 << 20, 128 << 20),
        pool("PS Eden Space", MemoryType.HEAP, 300 << 20, 512 << 20),
        pool("PS Old Gen", MemoryType.HEAP, 1L << 30, 2L << 30));

    assertThat(YoungGenerationTouch.edenSize(pools)).isEqualTo(512 << 20);
  }

  @Test
  void anEdenWithoutMaximumCountsWhatItHasCommitted() {
    List<MemoryPoolMXBean> pools = List.of(pool("G1 Eden Space", MemoryType.HEAP, 96 << 20, -1));

    assertThat(YoungGenerationTouch.edenSize(pools)).isEqualTo(96 << 20);
  }

  @Test
  void aCollectorWithoutEdenIsLeftAlone() {
    List<MemoryPoolMXBean> pools = List.of(pool("ZHeap", MemoryType.HEAP, 1L << 30, 4L << 30));

    assertThat(YoungGenerationTouch.edenSize(pools)).isZero();
    assertThat(YoungGenerationTouch.touch(0).bytes()).isZero();
  }

  @Test
  void touchingAllocatesAtLeastTheBytesAskedFor() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long wanted = 64L * YoungGenerationTouch.CHUNK + 1;
    long before = threads.getCurrentThreadAllocatedBytes();

    YoungGenerationTouch.Touched touched = YoungGenerationTouch.touch(wanted);

    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isGreaterThanOrEqualTo(wanted);
    assertThat(touched.bytes()).isEqualTo(wanted);
  }

  @Test
  void theRunningJvmsEdenIsFoundAndTouched() {
    // The test JVM runs G1, whose eden is resized between collections: its size is not fixed
    // between two readings, only present.
    assertThat(YoungGenerationTouch.touchEden().bytes()).as("the test JVM's collector has an eden pool").isPositive();
  }

  private static MemoryPoolMXBean pool(String name, MemoryType type, long committed, long max) {
    MemoryPoolMXBean pool = mock(MemoryPoolMXBean.class);
    when(pool.getName()).thenReturn(name);
    when(pool.getType()).thenReturn(type);
    when(pool.getUsage()).thenReturn(new MemoryUsage(0, 0, committed, max));
    return pool;
  }
}
