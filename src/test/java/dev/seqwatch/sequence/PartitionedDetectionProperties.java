package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Splitting the rules that are not host-local over partitions that each own the keys hashing to
 * them, and sending each event only to the partitions of its {@link CandidateKeys}, finds exactly
 * the detections of one engine over the whole stream: none lost, none doubled, none invented.
 */
class PartitionedDetectionProperties {

  private static final RuleSet RULES = RuleCompiler.compile(List.of(
      rule("by-user", """
          sequence by user.name with maxspan=1m
            [authentication where event.outcome == "failure"]
            [process where process.name == "whoami"]
          until [authentication where event.outcome == "success"]"""),
      rule("no-by", """
          sequence with maxspan=30s
            [network where destination.port == 4444]
            [process where process.name == "nc"]"""),
      rule("per-stage", """
          sequence with maxspan=1m
            [authentication where event.outcome == "failure"] by user.name
            [network where destination.port == 4444] by source.user.name"""),
      rule("sample", """
          sample by user.name
            [authentication where event.outcome == "failure"]
            [network where true]""")));

  @Property(tries = 200)
  void partitionsOwningTheirKeysFindWhatOneEngineFinds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int partitions) {
    List<Event> events = Engines.read(RULES, documents(new Random(seed), 40));
    DetectionEngine whole = Engines.engine(RULES);
    List<String> expected = new ArrayList<>();
    events.forEach(event -> whole.process(List.of(event)).forEach(found -> expected.add(found.id())));

    CandidateKeys candidates = new CandidateKeys(RULES);
    List<DetectionEngine> engines = new ArrayList<>();
    List<Predicate<String>> owners = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int owned = p;
      owners.add(key -> !key.isEmpty() && Math.floorMod(key.hashCode(), partitions) == owned);
    }
    owners.add(String::isEmpty); // the single partition of rules without join keys
    owners.forEach(owner -> engines.add(whole.partition(Partitioning.repartitioned(RULES), CorrelationSettings.DEFAULTS,
        owner)));
    List<String> found = new ArrayList<>();
    for (Event event : events) {
      Set<String> keys = candidates.of(event);
      for (int e = 0; e < engines.size(); e++) {
        if (keys.stream().anyMatch(owners.get(e))) {
          engines.get(e).process(List.of(event)).forEach(detection -> found.add(detection.id()));
        }
      }
    }

    Statistics.collect(expected.isEmpty() ? "no detection" : "detections");
    assertThat(found).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(new HashSet<>(expected)).hasSameSizeAs(expected);
  }

  private static List<String> documents(Random random, int count) {
    List<String> documents = new ArrayList<>();
    long time = 1_767_225_600_000L;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(15_000);
      String user = "u" + random.nextInt(3);
      String host = "h" + random.nextInt(3);
      String body = switch (random.nextInt(5)) {
        case 0 -> "\"event\":{\"id\":\"e%d\",\"category\":\"authentication\",\"outcome\":\"failure\"}";
        case 1 -> "\"event\":{\"id\":\"e%d\",\"category\":\"authentication\",\"outcome\":\"success\"}";
        case 2 -> "\"event\":{\"id\":\"e%d\",\"category\":\"process\"},\"process\":{\"name\":\"whoami\"}";
        case 3 -> "\"event\":{\"id\":\"e%d\",\"category\":\"network\"},\"destination\":{\"port\":4444},"
            + "\"source\":{\"user\":{\"name\":\"" + "u" + random.nextInt(3) + "\"}}";
        default -> "\"event\":{\"id\":\"e%d\",\"category\":\"process\"},\"process\":{\"name\":\"nc\"}";
      };
      documents.add("{\"@timestamp\":" + time + "," + body.formatted(i) + ",\"user\":{\"name\":\"" + user
          + "\"},\"host\":{\"id\":\"" + host + "\"}}");
    }
    return documents;
  }

  private static RuleSource rule(String id, String query) {
    return Engines.ruleSource(id, query);
  }
}
