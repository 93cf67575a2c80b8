package dev.seqwatch.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Run in a JVM of its own by {@code YoungGenerationTouchTest}: touches the young generation and
 * prints the bytes kept through the survivor spaces, the survivor pool's peak use and the
 * collections run.
 */
final class SurvivorPeak {

  private SurvivorPeak() {
  }

  public static void main(String[] args) {
    YoungGenerationTouch.Touched touched = YoungGenerationTouch.touchYoungGeneration();
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getName().contains("Survivor"))
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).max().orElse(0);
    long collections = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    System.out.println("kept=" + touched.survivorBytes() + " peak=" + peak + " collections=" + collections);
  }
}
