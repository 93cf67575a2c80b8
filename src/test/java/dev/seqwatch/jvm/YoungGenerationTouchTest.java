package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
    assertThat(YoungGenerationTouch.touch(0, 0, () -> 0).bytes()).isZero();
  }

  @Test
  void touchingAllocatesAtLeastTheBytesAskedFor() {
    long wanted = 64L * YoungGenerationTouch.CHUNK + 1;

    YoungGenerationTouch.Touched[] touched = new YoungGenerationTouch.Touched[1];
    long allocated = allocatedBy(() -> touched[0] = YoungGenerationTouch.touch(wanted, 0, () -> 0));

    assertThat(allocated).isGreaterThanOrEqualTo(wanted);
    assertThat(touched[0].bytes()).isEqualTo(wanted);
    assertThat(touched[0].survivorBytes()).isZero();
  }

  @Test
  void theRunningJvmsEdenIsFoundAndTouched() {
    // The test JVM runs G1, whose eden is resized between collections: its size is not fixed
    // between two readings, only present.
    assertThat(YoungGenerationTouch.touchYoungGeneration().bytes()).as("the test JVM's collector has an eden pool").isPositive();
  }

  @Test
  void theSurvivorSpacesAreTheSurvivorPoolsMaximumAndNoneWithoutOne() {
    List<MemoryPoolMXBean> parallel = List.of(
        pool("PS Eden Space", MemoryType.HEAP, 300 << 20, 512 << 20),
        pool("PS Survivor Space", MemoryType.HEAP, 64 << 20, 128 << 20));
    List<MemoryPoolMXBean> g1 = List.of(
        pool("G1 Eden Space", MemoryType.HEAP, 96 << 20, -1),
        pool("G1 Survivor Space", MemoryType.HEAP, 8 << 20, -1));

    assertThat(YoungGenerationTouch.survivorSize(parallel)).isEqualTo(128 << 20);
    assertThat(YoungGenerationTouch.survivorSize(g1)).isZero();
    assertThat(YoungGenerationTouch.survivorSize(List.of())).isZero();
  }

  @Test
  void survivorChunksAreKeptUntilTwoMoreCollectionsAreCounted() {
    long[] calls = {0};
    // A collection counted every tenth look: two more after twenty.
    LongSupplier collections = () -> calls[0]++ / 10;
    long eden = 8L * YoungGenerationTouch.CHUNK;

    YoungGenerationTouch.Touched[] touched = new YoungGenerationTouch.Touched[1];
    long allocated = allocatedBy(
        () -> touched[0] = YoungGenerationTouch.touch(eden, 3L * YoungGenerationTouch.CHUNK, collections));

    // Seven eighths of three chunks, in whole chunks: two; then eden, then on until the count moved.
    assertThat(touched[0].survivorBytes()).isEqualTo(2L * YoungGenerationTouch.CHUNK);
    assertThat(calls[0]).isEqualTo(21);
    assertThat(allocated).isGreaterThanOrEqualTo((2L + 8 + 19) * YoungGenerationTouch.CHUNK);
  }

  @Test
  void aCollectorThatNeverRunsStopsTheSurvivorTouchAtFiveTimesEden() {
    long eden = 8L * YoungGenerationTouch.CHUNK;

    YoungGenerationTouch.Touched[] touched = new YoungGenerationTouch.Touched[1];
    long allocated = allocatedBy(
        () -> touched[0] = YoungGenerationTouch.touch(eden, 4L * YoungGenerationTouch.CHUNK, () -> 0));

    assertThat(touched[0].survivorBytes()).isEqualTo(3L * YoungGenerationTouch.CHUNK);
    assertThat(allocated).isBetween(43L * YoungGenerationTouch.CHUNK, 44L * YoungGenerationTouch.CHUNK);
  }

  @Test
  void underParallelGcTheSurvivorSpaceHoldsTheKeptChunksOverTwoCollections() throws Exception {
    String javaCommand = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(javaCommand, "-XX:+UseParallelGC", "-XX:-UseAdaptiveSizePolicy", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), SurvivorPeak.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();

    // Its last line, "kept=K peak=P collections=C" (the JVM may print notices before it): the
    // survivor pool held all of K at its peak, and at least two collections ran. The pool shows one
    // space at a time, so that the second collection copied K into the other is the collector's
    // doing, not something this test can see.
    String[] lines = output.trim().split("\\R");
    long[] numbers = Arrays.stream(lines[lines.length - 1].trim().split("\\s+"))
        .mapToLong(field -> Long.parseLong(field.substring(field.indexOf('=') + 1))).toArray();
    assertThat(numbers[0]).as(output).isPositive();
    assertThat(numbers[1]).as(output).isGreaterThanOrEqualTo(numbers[0]);
    assertThat(numbers[2]).as(output).isGreaterThanOrEqualTo(2);
  }

  private static long allocatedBy(Runnable work) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    work.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  private static MemoryPoolMXBean pool(String name, MemoryType type, long committed, long max) {
    MemoryPoolMXBean pool = mock(MemoryPoolMXBean.class);
    when(pool.getName()).thenReturn(name);
    when(pool.getType()).thenReturn(type);
    when(pool.getUsage()).thenReturn(new MemoryUsage(0, 0, committed, max));
    return pool;
  }
}
