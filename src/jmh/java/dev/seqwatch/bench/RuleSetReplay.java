package dev.seqwatch.bench;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.management.ThreadMXBean;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.plan.QueryPlan;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.Discard;
import dev.seqwatch.sequence.EngineStats;
import dev.seqwatch.sequence.RuleStats;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Replays the load generator's workload through one engine, on a clock that moves as a server
 * taking {@code eventsPerSecond} would see it, and reports the CPU time of matching and the bytes it
 * allocates (the young collections' pace), what the memory bound did: evictions in
 * total and of the seed rule, recall of the planted chains and false alerts of the seed rule, and
 * the rules that cost most (state bytes, keys, stage matches, evictions). The engine-side view of
 * the server run, without HTTP. Reading is timed apart from matching; each batch's values arrays
 * go back to the reader once it is matched, as the server's do once a batch is answered, so that
 * reading meets them as the server's reading does rather than fresh from the allocator.
 *
 * <p>Arguments: {@code rules events windowsShare eventsPerSecond [maximumWeightMiB [lateness]]},
 * {@code rules} being {@code bundled} or a folder, the lateness an ISO duration ({@code PT5S}, the
 * default). Run with {@code ./mvnw -Pjmh test-compile exec:exec
 * -Djmh.main=dev.seqwatch.bench.RuleSetReplay -Djmh.args="/work/detection-rules 600000 0.3 40000"}.
 */
public final class RuleSetReplay {

  private static final String SEED_RULE = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";
  private static final int BATCH = 1_000;
  private static final int TOP = Integer.getInteger("replay.top", 8);
  private static final int ROUND = 100_000;
  private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private RuleSetReplay() {
  }

  public static void main(String[] args) {
    RuleSet rules = RulesFolder.load(args[0]);
    int events = Integer.parseInt(args[1]);
    double windowsShare = Double.parseDouble(args[2]);
    double eventsPerSecond = Double.parseDouble(args[3]);
    long maximumWeight = (args.length > 4 ? Long.parseLong(args[4]) : 256) << 20;
    Duration lateness = args.length > 5 ? Duration.parse(args[5]) : CorrelationSettings.DEFAULTS.allowedLateness();
    AtomicLong now = new AtomicLong();
    Ticker ticker = now::get;
    DetectionEngine engine = new DetectionEngine(rules, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(maximumWeight)
        .withAllowedLateness(lateness),
        ticker, Scheduler.disabledScheduler());
    EventReader reader = new EventReader(rules.schema());
    DefendEvents source = new DefendEvents(1001, 5_000, windowsShare);
    Set<List<String>> found = new HashSet<>();
    long matchNanos = 0;
    long readNanos = 0;
    long matchBytes = 0;
    long processed = 0;
    Instant start = Instant.parse("2026-03-02T08:00:00Z");
    // Every batch is made before matching starts, so that making events (Jackson trees, a third of
    // the replay's CPU) does not run between batches and leave matching a cold cache.
    List<byte[]> bodies = new ArrayList<>();
    for (int round = 0; (long) round * ROUND < events; round++) {
      List<String> lines = source.generate((int) Math.min(ROUND, events - (long) round * ROUND),
          start.plus(Duration.ofMinutes(round)));
      for (int from = 0; from < lines.size(); from += BATCH) {
        bodies.add(String.join("\n", lines.subList(from, Math.min(lines.size(), from + BATCH)))
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    for (byte[] body : bodies) {
      long reading = THREAD.getCurrentThreadCpuTime();
      List<Event> read = reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
      long allocated = THREAD.getCurrentThreadAllocatedBytes();
      long started = THREAD.getCurrentThreadCpuTime();
      readNanos += started - reading;
      List<Detection> detections = engine.process(read);
      matchNanos += THREAD.getCurrentThreadCpuTime() - started;
      matchBytes += THREAD.getCurrentThreadAllocatedBytes() - allocated;
      for (Detection detection : detections) {
        if (detection.rule().id().equals(SEED_RULE)) {
          found.add(detection.events().stream().map(Event::id).toList());
        }
      }
      now.addAndGet((long) (read.size() * 1e9 / eventsPerSecond));
      processed += read.size();
      reader.recycle(read);
    }
    engine.cleanUp();
    Set<List<String>> planted = new HashSet<>(source.planted());
    long hits = found.stream().filter(planted::contains).count();
    System.out.printf("%nrules %d, events %,d (Windows share %.2f), clock at %,.0f events/s, bound %d MiB, lateness %s%n",
        rules.rules().size(), processed, windowsShare, eventsPerSecond, maximumWeight >> 20, lateness);
    System.out.printf("matching: %,.0f events per CPU-second of the matching thread%n", processed / (matchNanos / 1e9));
    System.out.printf("reading: %.2f µs per event, with values arrays given back after matching%n",
        readNanos / 1e3 / processed);
    System.out.printf("matching allocated %,.0f bytes per event%n", (double) matchBytes / processed);
    // Counts, unlike CPU time, do not depend on what else the machine runs.
    EngineStats stats = engine.stats();
    System.out.printf("per event: %.1f conditions tested after the stage index, %.2f feeds to key states"
        + " (%.2f creating one)%n", (double) stats.conditionsTested() / processed,
        (double) (stats.statesFound() + stats.statesCreated()) / processed, (double) stats.statesCreated() / processed);
    printSequenceStages(engine, processed);
    System.out.printf("seed rule: planted %d, found %d, false %d, evicted by size %d%n", planted.size(), hits,
        found.size() - hits, engine.stats().rule(SEED_RULE).discarded(Discard.EVICTED_BY_SIZE));
    System.out.printf("all rules: evicted by size %,d, expired %,d, keys now %,d, state bytes now %,d, detections %,d%n",
        engine.stats().discarded(Discard.EVICTED_BY_SIZE), engine.stats().discarded(Discard.EXPIRED),
        engine.estimatedKeys(), engine.stats().rules().stream().mapToLong(RuleStats::bytes).sum(),
        engine.stats().detections());
    System.gc();
    System.out.printf("heap after full GC: %,d MiB, %s%n",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20, liveObjects());
    top(engine, "stage matches", r -> {
      long sum = 0;
      for (int k = 0; k < r.stages(); k++) {
        sum += r.stageMatches(k);
      }
      return sum;
    });
    top(engine, "conditions tested", RuleStats::conditionsTested);
    top(engine, "conditions tested in vain (tested, less stage matches)", r -> {
      long matches = 0;
      for (int stage = 0; stage < r.stages(); stage++) {
        matches += r.stageMatches(stage);
      }
      return r.conditionsTested() - matches;
    });
    top(engine, "evicted by size", r -> r.discarded(Discard.EVICTED_BY_SIZE));
    top(engine, "expired", r -> r.discarded(Discard.EXPIRED));
    top(engine, "state bytes now", RuleStats::bytes);
    top(engine, "alerts", RuleStats::alerts);
  }

  /**
   * The sequence rules' stage matches per event by kind: first chain stages (which start partials),
   * later ones (nearly all orphans: candidates of keys without state, kept for the allowed lateness)
   * and missing ones (times kept in the key's state). Most feeds are one stage match, so this says
   * what the feeds are; it counts the same on every run of a build. Then the rules whose chains
   * start most often, each with its later-stage matches: a chain start is when a rule's orphans of
   * that key are wanted, and the two together say how often the orphans a rule keeps are looked for.
   */
  private static void printSequenceStages(DetectionEngine engine, long processed) {
    StageMatches all = new StageMatches(0, 0, 0);
    Map<String, StageMatches> byRule = new HashMap<>();
    for (CompiledRule rule : engine.rules()) {
      if (rule.plan() instanceof QueryPlan.SequencePlan sequence) {
        StageMatches matches = StageMatches.of(sequence, engine.stats().rule(rule.id()));
        byRule.put(rule.id() + " " + rule.definition().name(), matches);
        all = all.plus(matches);
      }
    }
    System.out.printf("sequence stage matches per event: %.2f first, %.2f later, %.2f missing%n",
        (double) all.first() / processed, (double) all.later() / processed, (double) all.missing() / processed);
    System.out.printf("%ntop rules by first-stage matches (later-stage matches beside):%n");
    byRule.entrySet().stream()
        .filter(rule -> rule.getValue().first() > 0)
        .sorted(Comparator.comparingLong((Map.Entry<String, StageMatches> rule) -> rule.getValue().first()).reversed())
        .limit(TOP)
        .forEach(rule -> System.out.printf("%,14d %,14d  %s%n", rule.getValue().first(), rule.getValue().later(),
            rule.getKey()));
  }

  /** A sequence rule's stage matches: of its first chain stage, of later ones, of missing ones. */
  private record StageMatches(long first, long later, long missing) {

    static StageMatches of(QueryPlan.SequencePlan sequence, RuleStats stats) {
      long first = 0;
      long later = 0;
      long missing = 0;
      boolean chainStarted = false; // a leading missing stage comes before the first chain stage
      for (int k = 0; k < sequence.stages().size(); k++) {
        long matches = stats.stageMatches(k);
        if (sequence.stages().get(k).missing()) {
          missing += matches;
        } else if (!chainStarted) {
          first += matches;
          chainStarted = true;
        } else {
          later += matches;
        }
      }
      return new StageMatches(first, later, missing);
    }

    StageMatches plus(StageMatches other) {
      return new StageMatches(first + other.first, later + other.later, missing + other.missing);
    }
  }

  private static void top(DetectionEngine engine, String what, ToLongFunction<RuleStats> measure) {
    System.out.printf("%ntop rules by %s:%n", what);
    List<RuleStats> sorted = new ArrayList<>(engine.stats().rules());
    sorted.sort(Comparator.comparingLong(measure).reversed());
    for (RuleStats rule : sorted.subList(0, Math.min(TOP, sorted.size()))) {
      if (measure.applyAsLong(rule) > 0) {
        System.out.printf("  %,12d  %s %s%n", measure.applyAsLong(rule), rule.ruleId(), name(engine, rule.ruleId()));
      }
    }
  }

  private static String name(DetectionEngine engine, String id) {
    return engine.rules().stream().filter(r -> r.id().equals(id)).findFirst().map(r -> r.definition().name()).orElse("");
  }

  /**
   * The live objects the engine holds at the end, from the JVM's class histogram (a full
   * collection): what a young collection copies is counted in objects more than in bytes, and
   * unlike pause times the count does not move with the machine's load. With {@code
   * -Dreplay.histogram=true} it prints the histogram's top lines as well.
   */
  private static String liveObjects() {
    try {
      String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      if (Boolean.getBoolean("replay.histogram")) {
        histogram.lines().limit(30).forEach(System.out::println);
      }
      String[] total = histogram.lines().filter(line -> line.startsWith("Total")).findFirst().orElseThrow().trim()
          .split("\\s+");
      return String.format("%,d live objects", Long.parseLong(total[1]));
    } catch (JMException e) {
      return "live objects unknown (" + e.getMessage() + ")";
    }
  }
}
