package dev.seqwatch.bench;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.management.ThreadMXBean;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares two builds of the engine, or of the reader, inside one JVM: each build's classes in a
 * class loader of their own, the same rules and bodies, and at each batch the two run one after the
 * other, the first of them alternating. Separate runs of one build on our test VM differ by up to
 * a quarter (docs/benchmarks.md), far more than the changes worth measuring; two builds that take
 * turns at every batch share the machine's moments, its caches' state and the collector's pace.
 * Prints the CPU time per event of the measured part (matching; reading; or, served, both and the
 * recycling of the values arrays) for each build, and what each found, which must be equal.
 *
 * <p>Arguments: {@code rules classesA classesB events [matching|reading|served]}, the classes being the
 * {@code target/classes} folder of each build (copy one aside, check out or change the other, and
 * compile). This build's benchmark classes drive both, so the two must agree on the engine's and
 * the reader's public API. Run with {@code ./mvnw -Pjmh test-compile exec:exec
 * -Djmh.main=dev.seqwatch.bench.Interleaved -Djmh.args="/work/detection-rules /tmp/before
 * target/classes 600000"} and a heap for two engines ({@code -Xmx14g}). Not part of the tests.
 */
public final class Interleaved {

  private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int BATCH = 1_000;
  private static final int REPORT_EVERY = 100;

  private Interleaved() {
  }

  public static void main(String[] args) throws ReflectiveOperationException, java.io.IOException {
    String rules = args[0];
    int events = Integer.parseInt(args[3]);
    String kind = args.length > 4 ? args[4] : "matching";
    Class<?> stepClass = switch (kind) {
      case "reading" -> ReadingStep.class;
      case "served" -> ServedStep.class;
      default -> MatchingStep.class;
    };
    Object[] steps = new Object[2];
    Method[] run = new Method[2];
    Method[] found = new Method[2];
    for (int k = 0; k < 2; k++) {
      Class<?> step = loader(Path.of(args[1 + k])).loadClass(stepClass.getName());
      steps[k] = step.getConstructor(String.class, int.class).newInstance(rules, events);
      run[k] = step.getMethod("run", int.class);
      found[k] = step.getMethod("found");
    }
    int batches = (Integer) steps[0].getClass().getMethod("batches").invoke(steps[0]);
    long[] nanos = new long[2];
    for (int i = 0; i < batches; i++) {
      for (int turn = 0; turn < 2; turn++) {
        int k = (i + turn) & 1;
        nanos[k] += (Long) run[k].invoke(steps[k], i);
      }
      if ((i + 1) % REPORT_EVERY == 0 || i + 1 == batches) {
        long done = (long) (i + 1) * BATCH;
        System.out.printf("%,d events: %s A %.2f µs per event, B %.2f; found %d / %d%n", done, kind,
            nanos[0] / 1e3 / done, nanos[1] / 1e3 / done, found[0].invoke(steps[0]), found[1].invoke(steps[1]));
      }
    }
  }

  /**
   * A loader of {@code classes} and of everything on this JVM's class path but its own main classes
   * (this build's benchmark classes and the dependencies), whose parent sees only the JDK: so the
   * step and everything it uses of SeqWatch come from {@code classes}.
   */
  private static URLClassLoader loader(Path classes) throws java.io.IOException {
    Path own = Path.of(Interleaved.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .resolveSibling("classes");
    List<URL> urls = new ArrayList<>();
    urls.add(classes.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!path.equals(own.toAbsolutePath())) {
        urls.add(path.toUri().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * The load generator's workload in 1,000-event NDJSON bodies: Linux events, with the share of
   * Windows-shaped ones that {@code -Dinterleaved.windows} gives (0 by default, the generator's
   * {@code --windows}).
   */
  private static List<byte[]> bodies(int events) {
    List<byte[]> bodies = new ArrayList<>();
    double windowsShare = Double.parseDouble(System.getProperty("interleaved.windows", "0"));
    DefendEvents source = new DefendEvents(1001, 5_000, windowsShare);
    Instant start = Instant.parse("2026-03-02T08:00:00Z");
    for (int round = 0; (long) round * 100_000 < events; round++) {
      List<String> lines = source.generate(100_000, start.plus(Duration.ofMinutes(round)));
      for (int from = 0; from < lines.size(); from += BATCH) {
        bodies.add(String.join("\n", lines.subList(from, from + BATCH)).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bodies;
  }

  /** One build's reader and engine on a clock that moves as a server at 55,000 events/s sees it. */
  public static class MatchingStep {
    private final AtomicLong now = new AtomicLong();
    private final DetectionEngine engine;
    private final EventReader reader;
    private final List<byte[]> bodies;
    private final boolean servedPath;
    private long detections;

    public MatchingStep(String rules, int events) {
      this(rules, events, false);
    }

    MatchingStep(String rules, int events, boolean servedPath) {
      this.servedPath = servedPath;
      RuleSet set = RulesFolder.load(rules);
      Ticker ticker = now::get;
      engine = new DetectionEngine(set, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(256L << 20), ticker,
          Scheduler.disabledScheduler());
      reader = new EventReader(set.schema());
      bodies = bodies(events);
    }

    public int batches() {
      return bodies.size();
    }

    /**
     * Reads and matches batch {@code i}; the CPU nanoseconds of matching alone, or with the served
     * path's reading and recycling too.
     */
    public long run(int i) {
      byte[] body = bodies.get(i);
      long readStart = THREAD.getCurrentThreadCpuTime();
      List<Event> read = reader.read(body, 0, body.length, BodyFormat.NDJSON, Integer.MAX_VALUE).events();
      long start = THREAD.getCurrentThreadCpuTime();
      detections += engine.process(read).size();
      long spent = THREAD.getCurrentThreadCpuTime() - start;
      reader.recycle(read);
      if (servedPath) {
        spent = THREAD.getCurrentThreadCpuTime() - readStart;
      }
      now.addAndGet(BATCH * 1_000_000_000L / 55_000);
      return spent;
    }

    public long found() {
      return detections;
    }
  }

  /**
   * What a request thread does with a batch before storing its alerts: reading, matching and
   * giving the values arrays back. Reading alone ({@link ReadingStep}) runs with the caches as
   * reading leaves them; here it finds them as matching a thousand rules leaves them, as in the
   * server.
   */
  public static final class ServedStep extends MatchingStep {
    public ServedStep(String rules, int events) {
      super(rules, events, true);
    }
  }

  /** One build's reader, over the first 100,000 events again and again. */
  public static final class ReadingStep {
    private static final int ROUNDS = 6;
    private final EventReader reader;
    private final List<byte[]> bodies;
    private long read;

    public ReadingStep(String rules, int events) {
      reader = new EventReader(RulesFolder.load(rules).schema());
      bodies = bodies(Math.min(events, 100_000));
    }

    public int batches() {
      return bodies.size() * ROUNDS;
    }

    /** Reads batch {@code i}; its CPU nanoseconds. */
    public long run(int i) {
      byte[] body = bodies.get(i % bodies.size());
      long start = THREAD.getCurrentThreadCpuTime();
      List<Event> events = reader.read(body, 0, body.length, BodyFormat.NDJSON, Integer.MAX_VALUE).events();
      long spent = THREAD.getCurrentThreadCpuTime() - start;
      read += events.size();
      reader.recycle(events);
      return spent;
    }

    public long found() {
      return read;
    }
  }
}
