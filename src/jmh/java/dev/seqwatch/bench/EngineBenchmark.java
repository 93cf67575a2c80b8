package dev.seqwatch.bench;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.sequence.DetectionEngine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Throughput of the engine on one core, over Defend-like events of about 2.3 KB in which one in a
 * thousand belongs to a planted reverse-shell chain, in batches of {@value #BATCH} events.
 *
 * <p>Parameters: {@code rules} is {@code bundled} (the seed rule alone) or a folder of rule files
 * read recursively, such as a detection-rules checkout, of which every rule that compiles is loaded
 * beside the bundled one ({@link RulesFolder}); {@code windowsShare} is the share of benign events
 * that are Windows endpoint events ({@link WindowsEvents}) instead of Linux ones.
 *
 * <ul>
 *   <li>{@code matchParsedEvents}: events already read; what the matcher alone costs.
 *   <li>{@code rawJsonToMatches}: NDJSON bytes to detections, reading included.
 *   <li>{@code readOnly}: NDJSON bytes to events, without matching, to split the cost.
 *   <li>{@code tokenizerOnly}: Jackson's streaming tokenizer over the same bytes and nothing else,
 *       the floor that any JSON ingest pays, measured in the same run as the yardstick.
 * </ul>
 *
 * <p>Every result is events per second ({@code @OperationsPerInvocation} is the batch size).
 * Each iteration starts a fresh engine and walks a pool of batches whose timestamps move forward;
 * parsed events are re-timed as the pool repeats, so the engine always sees a live stream rather
 * than replays of the past.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms8g", "-Xmx8g", "-XX:+UseParallelGC"})
@Threads(1)
public class EngineBenchmark {

  static final int BATCH = 1_000;
  private static final int POOL_BATCHES = 200;

  @Param("bundled")
  public String rules;

  @Param("0")
  public double windowsShare;

  private RuleSet ruleSet;
  private EventReader reader;
  private final JsonFactory json = new JsonFactory();
  private byte[][] ndjson;
  private List<List<Event>> parsed;
  private long poolSpanMillis;
  private DetectionEngine engine;
  private int next;
  private long cycle;

  @Setup(Level.Trial)
  public void generate() {
    ruleSet = RulesFolder.load(rules);
    reader = new EventReader(ruleSet.schema());
    DefendEvents source = new DefendEvents(42, 5_000, windowsShare);
    Instant start = Instant.parse("2026-03-02T08:00:00Z");
    List<String> lines = source.generate(BATCH * POOL_BATCHES, start);
    ndjson = new byte[POOL_BATCHES][];
    parsed = new ArrayList<>();
    for (int b = 0; b < POOL_BATCHES; b++) {
      ndjson[b] = String.join("\n", lines.subList(b * BATCH, (b + 1) * BATCH)).getBytes(StandardCharsets.UTF_8);
      parsed.add(reader.read(ndjson[b], 0, ndjson[b].length, BodyFormat.NDJSON).events());
    }
    List<Event> last = parsed.get(POOL_BATCHES - 1);
    poolSpanMillis = last.get(last.size() - 1).timestamp() - start.toEpochMilli() + 60_000;
    System.out.printf("%n[pool] %d events, %.0f bytes per event on average%n", BATCH * POOL_BATCHES,
        totalBytes() / (double) (BATCH * POOL_BATCHES));
  }

  private long totalBytes() {
    long total = 0;
    for (byte[] batch : ndjson) {
      total += batch.length;
    }
    return total;
  }

  @Setup(Level.Iteration)
  public void freshEngine() {
    // No background scheduler: the engines of earlier iterations must not stay reachable from
    // timer tasks and weigh on this iteration's garbage collector.
    engine = new DetectionEngine(ruleSet, CorrelationSettings.DEFAULTS, Ticker.systemTicker(),
        Scheduler.disabledScheduler());
    next = 0;
    cycle = 0;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Detection> matchParsedEvents() {
    List<Event> batch = parsed.get(next);
    long shift = cycle * poolSpanMillis;
    List<Event> live = new ArrayList<>(batch.size());
    for (Event event : batch) {
      live.add(new Event(event.index(), event.timestamp() + shift, event.sequence(), event.values(), event.source()));
    }
    advance();
    return engine.process(live);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Detection> rawJsonToMatches() {
    byte[] body = ndjson[next];
    advance();
    return engine.process(reader.read(body, 0, body.length, BodyFormat.NDJSON).events());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int readOnly() {
    byte[] body = ndjson[next];
    advance();
    return reader.read(body, 0, body.length, BodyFormat.NDJSON).events().size();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void tokenizerOnly(Blackhole blackhole) {
    byte[] body = ndjson[next];
    advance();
    try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body, 0, body.length)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        blackhole.consume(token);
      }
    }
  }

  private void advance() {
    if (++next == POOL_BATCHES) {
      next = 0;
      cycle++;
    }
  }
}
