package dev.seqwatch.bench;

import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleLoad;
import dev.seqwatch.rule.RuleLoader;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.sequence.CandidateKeys;
import dev.seqwatch.sequence.Partitioning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * How much of the load generator's workload travels to the repartition topics (docs/scaling.md):
 * loads a rule tree, generates the {@link DefendEvents} stream, and runs the stage predicates of the
 * rules that are not host-local over it, offline, as the events-topic consumer does
 * ({@link CandidateKeys}). Prints the rules' partitioning, the events and records that travel, and
 * the rules that send the most.
 *
 * <pre>
 * ./mvnw -q -Pjmh test-compile exec:exec -Djmh.main=dev.seqwatch.bench.RepartitionShare \
 *   -Djmh.args="/work/detection-rules/rules /work/detection-rules/rules_building_block 200000 12"
 * </pre>
 * The last two arguments: events to generate, partitions of the keyed repartition topic.
 */
public final class RepartitionShare {

  private RepartitionShare() {
  }

  public static void main(String[] args) {
    int partitions = Integer.parseInt(args[args.length - 1]);
    int count = Integer.parseInt(args[args.length - 2]);
    List<Path> roots = Arrays.stream(args, 0, args.length - 2).map(Path::of).toList();
    RuleLoad load = RuleLoader.load(RuleSource.bundled(), RuleSource.find(roots), Set.of(), null);
    RuleSet rules = load.rules();
    System.out.printf("rules: %s%npartitioning: %s%n", load.summary(), Partitioning.count(rules));
    Map<String, Integer> byKeys = new java.util.TreeMap<>();
    rules.rules().stream().map(Partitioning::of).filter(p -> p.kind() != Partitioning.Kind.HOST_LOCAL)
        .forEach(p -> byKeys.merge(p.kind().label() + " " + p.keys(), 1, Integer::sum));
    byKeys.forEach((keys, rulesWithKeys) -> System.out.printf("%4d  %s%n", rulesWithKeys, keys));

    List<String> lines = new DefendEvents(1000, 5_000).generate(count, Instant.parse("2026-03-02T08:00:00Z"));
    EventReader reader = new EventReader(rules.schema());
    List<Event> events = new ArrayList<>(count);
    long eventBytes = 0;
    for (int from = 0; from < lines.size(); from += 1_000) {
      byte[] body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 1_000)))
          .getBytes(StandardCharsets.UTF_8);
      eventBytes += body.length;
      events.addAll(reader.read(body, 0, body.length, BodyFormat.NDJSON).events());
    }

    CandidateKeys all = new CandidateKeys(rules);
    Map<CompiledRule, CandidateKeys> perRule = new LinkedHashMap<>();
    Partitioning.repartitioned(rules).rules().forEach(rule ->
        perRule.put(rule, new CandidateKeys(new RuleSet(List.of(rule), rules.schema()))));
    Map<String, Integer> travelsFor = new LinkedHashMap<>();
    long travelling = 0;
    long records = 0;
    long bytes = 0;
    for (Event event : events) {
      Set<String> keys = all.of(event);
      if (keys.isEmpty()) {
        continue;
      }
      travelling++;
      Set<Integer> targets = new HashSet<>();
      for (String key : keys) {
        targets.add(key.isEmpty() ? -1 : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
            % partitions);
      }
      records += targets.size();
      bytes += (long) targets.size() * event.source().length();
      perRule.forEach((rule, keysOfRule) -> {
        if (!keysOfRule.of(event).isEmpty()) {
          travelsFor.merge(rule.id() + " " + rule.definition().name(), 1, Integer::sum);
        }
      });
    }
    System.out.printf("events: %,d; candidates that travel: %,d (%.2f %%); repartition records: %,d"
        + " (%.2f per event); bytes: %.1f %% of the events' bytes%n", events.size(), travelling,
        100.0 * travelling / events.size(), records, (double) records / events.size(),
        100.0 * bytes / eventBytes);
    List<Map.Entry<String, Integer>> top = new ArrayList<>(travelsFor.entrySet());
    top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    top.stream().limit(15).forEach(entry -> System.out.printf("%,10d  %s%n", entry.getValue(), entry.getKey()));
  }
}
