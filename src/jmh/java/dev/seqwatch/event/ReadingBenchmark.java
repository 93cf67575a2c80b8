package dev.seqwatch.event;

import dev.seqwatch.bench.DefendEvents;
import dev.seqwatch.bench.RulesFolder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The reader's two readings of the same NDJSON bodies, and Jackson's tokenizer alone over them, in
 * one run: {@code direct} is what ingest uses ({@link DirectScan}), {@code jackson} the token by
 * token reading it falls back to, {@code tokenizer} the yardstick. In this package because the
 * Jackson reading is not public. Events per second ({@code @OperationsPerInvocation} is the batch
 * size); {@code rules} is {@code bundled} or a rules folder, whose fields the reader keeps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class ReadingBenchmark {

  private static final int BATCH = 1_000;
  private static final int BODIES = 10;

  @Param("bundled")
  public String rules;

  @Param("0.3")
  public double windowsShare;

  private EventReader reader;
  private final JsonFactory json = new JsonFactory();
  private byte[][] bodies;
  private int next;

  @Setup
  public void generate() {
    reader = new EventReader(RulesFolder.load(rules).schema());
    List<String> lines = new DefendEvents(42, 5_000, windowsShare)
        .generate(BATCH * BODIES, Instant.parse("2026-03-02T08:00:00Z"));
    bodies = new byte[BODIES][];
    for (int b = 0; b < BODIES; b++) {
      bodies[b] = String.join("\n", lines.subList(b * BATCH, (b + 1) * BATCH)).getBytes(StandardCharsets.UTF_8);
      if (reader.readDirect(bodies[b], 0, bodies[b].length, BodyFormat.NDJSON, BATCH) == null) {
        throw new IllegalStateException("body " + b + " is not read directly: the benchmark would measure Jackson twice");
      }
    }
  }

  private byte[] nextBody() {
    next = next + 1 == BODIES ? 0 : next + 1;
    return bodies[next];
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Batch direct() {
    byte[] body = nextBody();
    return reader.read(body, 0, body.length, BodyFormat.NDJSON);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Batch jackson() {
    byte[] body = nextBody();
    return reader.readWithJackson(body, 0, body.length, BodyFormat.NDJSON, Integer.MAX_VALUE);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void tokenizer(Blackhole blackhole) {
    byte[] body = nextBody();
    try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body, 0, body.length)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        blackhole.consume(token);
      }
    }
  }
}
