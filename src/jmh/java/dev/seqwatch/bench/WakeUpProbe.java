package dev.seqwatch.bench;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this machine wakes a thread that sleeps for 1 ms, sampled without pause while a round
 * runs: the machine's own share of a batch's latency. On the benchmark machine a kernel thread
 * (the host's memory monitor, {@code kdamond}) takes a core for 20 to 90 ms about every 0.55 s, and
 * the server's slow requests at half the peak fall on those bursts (docs/benchmarks.md, "The slow
 * requests at half the peak"). Read beside a round's latencies, the probe tells the server's
 * delays from the machine's. The probe's thread sleeps almost all the time, so it takes next to nothing from the
 * cores it measures.
 */
final class WakeUpProbe {

  private static final long SLEEP_NANOS = 1_000_000;

  private final Thread thread;
  private volatile boolean running = true;
  /** Microseconds each wake-up came after its due time; written by the probe's thread only. */
  private long[] late = new long[1 << 16];
  private int count;

  private WakeUpProbe() {
    thread = new Thread(this::sample, "wake-up-probe");
    thread.setDaemon(true);
  }

  static WakeUpProbe start() {
    WakeUpProbe probe = new WakeUpProbe();
    probe.thread.start();
    return probe;
  }

  private void sample() {
    while (running) {
      long before = System.nanoTime();
      LockSupport.parkNanos(SLEEP_NANOS);
      long lateNanos = System.nanoTime() - before - SLEEP_NANOS;
      if (count == late.length) {
        late = Arrays.copyOf(late, count * 2);
      }
      late[count++] = Math.max(0, lateNanos) / 1_000;
    }
  }

  /** Stops the probe; returns how late each wake-up was, in microseconds, sorted. */
  long[] stop() throws InterruptedException {
    running = false;
    thread.join();
    long[] sorted = Arrays.copyOf(late, count);
    Arrays.sort(sorted);
    return sorted;
  }
}
