package dev.seqwatch.bench;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.Discard;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams millions of distinct join keys through the engine, every event a candidate (a shell
 * started by a shell, stage 3 of the seed rule, which must be kept for re-ordering), and reports
 * the heap after a full collection, the keys kept and the evictions. Shows that the correlation
 * state stays under {@code maximum-weight} however many keys arrive.
 *
 * <p>Arguments: {@code keys maximumWeightMiB}. Run with
 * {@code ./mvnw -Pjmh test-compile exec:exec -Djmh.main=dev.seqwatch.bench.KeyChurn -Djmh.args="5000000 256"}.
 */
public final class KeyChurn {

  private KeyChurn() {
  }

  public static void main(String[] args) {
    long keys = Long.parseLong(args[0]);
    long maximumWeight = Long.parseLong(args[1]) << 20;
    RuleSet rules = RuleCompiler.compile(List.of(RuleSource.bundled()));
    EventReader reader = new EventReader(rules.schema());
    DetectionEngine engine = new DetectionEngine(rules,
        CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ofSeconds(5)).withMaximumWeightBytes(maximumWeight),
        Ticker.systemTicker(), Scheduler.systemScheduler());
    long started = System.nanoTime();
    long baseMillis = 1_772_438_400_000L;
    for (long from = 0; from < keys; from += 1_000) {
      StringBuilder body = new StringBuilder();
      for (long key = from; key < Math.min(keys, from + 1_000); key++) {
        body.append("{\"@timestamp\":").append(baseMillis + key / 10)
            .append(",\"event\":{\"id\":\"k").append(key).append("\",\"category\":[\"process\"],\"type\":[\"start\"],")
            .append("\"action\":\"exec\"},\"host\":{\"id\":\"h").append(key % 5_000).append("\",\"os\":{\"type\":\"linux\"}},")
            .append("\"process\":{\"entity_id\":\"e").append(key).append("\",\"executable\":\"/bin/bash\",")
            .append("\"name\":\"bash\",\"parent\":{\"name\":\"bash\"}}}\n");
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      List<Event> events = new ArrayList<>(reader.read(bytes, 0, bytes.length, BodyFormat.NDJSON).events());
      engine.process(events);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    engine.cleanUp();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf("keys streamed:          %,d in %.1f s (%,.0f/s)%n", keys, seconds, keys / seconds);
    System.out.printf("maximum weight:         %,d MiB%n", maximumWeight >> 20);
    System.out.printf("keys kept (estimate):   %,d%n", engine.estimatedKeys());
    System.out.printf("evicted by size:        %,d%n", engine.stats().discarded(Discard.EVICTED_BY_SIZE));
    System.out.printf("expired:                %,d%n", engine.stats().discarded(Discard.EXPIRED));
    System.out.printf("heap after full GC:     %,d MiB (max %,d MiB)%n", heap >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
