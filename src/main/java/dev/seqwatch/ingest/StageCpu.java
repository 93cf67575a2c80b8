package dev.seqwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The CPU time that ingest spends in each of its stages, read from the calling thread's own CPU
 * clock and counted as {@code seqwatch_ingest_cpu_seconds_total{stage}}. An operator divides each
 * by {@code seqwatch_ingest_events_total} to see what an event costs where; the load generator
 * prints it for every round (docs/benchmarks.md).
 *
 * <p>Why a clock and not a profiler. Sampling profilers on this JVM attribute a sample to the
 * nearest point with debug information, which in a tight loop is its back edge: a JFR profile of
 * the one-rule server put a fifth of the request threads in hashing value strings, which the
 * clocks and JMH showed to be a small share. The thread's CPU clock counts what the thread ran,
 * user and kernel, and nothing else: time waiting for a lock, the disk or the network is not in
 * it. The handful of readings a request makes cost microseconds, against milliseconds of work for
 * a batch.
 *
 * <p>The stages nest: {@link Stage#REQUEST} is the whole ingest request from the moment it is let
 * in ({@link IngestGate}) to its response, and holds the others; what it holds beyond them is
 * reading the body off the socket, Spring MVC and writing the response. Security and Tomcat's own
 * parsing run before it and are in none of them. On an instance that consumes the events topic,
 * {@link Stage#MATCH} and {@link Stage#STORE} also count the consumer's batches, which belong to no
 * request.
 */
@Component
public class StageCpu {

  /** Where a request's CPU goes. */
  public enum Stage {
    /** The whole request, from {@link IngestGate} to its response; holds the other stages. */
    REQUEST,
    /** Reading events from the body. */
    READ,
    /** The engine: indexing, conditions, correlation state, expiry. */
    MATCH,
    /** Making alerts, storing them in one commit and waiting for the disk. */
    STORE
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final boolean supported = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
  private final Map<Stage, Counter> counters = new EnumMap<>(Stage.class);

  StageCpu(MeterRegistry meters) {
    for (Stage stage : Stage.values()) {
      counters.put(stage, Counter.builder("seqwatch.ingest.cpu").baseUnit("seconds")
          .tag("stage", stage.name().toLowerCase(Locale.ROOT))
          .description("CPU time of ingest requests' threads in each stage; request holds the others")
          .register(meters));
    }
  }

  /** The calling thread's CPU time in nanoseconds, to pass to {@link #since}; 0 where unsupported. */
  public long start() {
    return supported ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /**
   * Counts for {@code stage} the calling thread's CPU time since {@code started} (from {@link #start}
   * or this method), and returns the reading it made, for a stage that starts where this one ends.
   */
  public long since(Stage stage, long started) {
    if (!supported) {
      return 0;
    }
    long now = THREADS.getCurrentThreadCpuTime();
    counters.get(stage).increment((now - started) / 1e9);
    return now;
  }
}
