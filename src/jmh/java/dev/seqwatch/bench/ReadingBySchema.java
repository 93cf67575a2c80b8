package dev.seqwatch.bench;

import com.sun.management.ThreadMXBean;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleSet;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the same bodies with the fields a rules folder needs and with the fields the bundled rule
 * needs, round after round, and prints the reading thread's CPU time and allocation per event and
 * how many fields each event filled: what reading costs a rule set beyond the one rule, which is at
 * most what reading only the fields an event's selected conditions test could save. Each batch's
 * values arrays go back to the reader after it, as the server's do.
 *
 * <p>Arguments: {@code rules windowsShare [events]}. Run with {@code ./mvnw -Pjmh test-compile
 * exec:exec -Djmh.main=dev.seqwatch.bench.ReadingBySchema -Djmh.args="/work/detection-rules 0.3"}.
 */
public final class ReadingBySchema {

  private static final int BATCH = 1_000;
  private static final int ROUNDS = 6;

  private ReadingBySchema() {
  }

  public static void main(String[] args) {
    ThreadMXBean thread = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    RuleSet folder = RulesFolder.load(args[0]);
    RuleSet bundled = RulesFolder.load("bundled");
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    List<String> lines = new DefendEvents(1001, 5_000, Double.parseDouble(args[1]))
        .generate(events, Instant.parse("2026-03-02T08:00:00Z"));
    List<byte[]> bodies = new ArrayList<>();
    for (int from = 0; from < lines.size(); from += BATCH) {
      bodies.add(String.join("\n", lines.subList(from, Math.min(lines.size(), from + BATCH)))
          .getBytes(StandardCharsets.UTF_8));
    }
    System.out.printf("fields the rules need: folder %d, bundled rule %d%n", folder.schema().size(),
        bundled.schema().size());
    for (int round = 0; round < ROUNDS; round++) {
      for (RuleSet rules : List.of(folder, bundled)) {
        EventReader reader = new EventReader(rules.schema());
        long filled = 0;
        long allocated = thread.getCurrentThreadAllocatedBytes();
        long started = thread.getCurrentThreadCpuTime();
        for (byte[] body : bodies) {
          List<Event> batch = reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
          if (round == 0) {
            filled += filled(batch);
          }
          reader.recycle(batch);
        }
        long nanos = thread.getCurrentThreadCpuTime() - started;
        long bytes = thread.getCurrentThreadAllocatedBytes() - allocated;
        System.out.printf("round %d, %s: %.2f µs and %,d bytes per event%s%n", round,
            rules == folder ? "folder " : "bundled", nanos / 1e3 / events, bytes / events,
            round == 0 ? String.format(", %.1f fields filled (this round also counts them)", (double) filled / events) : "");
      }
    }
  }

  private static long filled(List<Event> batch) {
    long filled = 0;
    for (Event event : batch) {
      for (Object value : event.values()) {
        filled += value != null ? 1 : 0;
      }
    }
    return filled;
  }
}
