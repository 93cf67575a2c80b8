package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A rule set run together, through the stage index, reports exactly the detections its rules report
 * each on its own engine (a rule of at most three conditions is too small to be indexed, so each of
 * those engines evaluates every condition: brute force). The sequences use the constructs whose
 * events matter without filling a positive stage or that share one condition between stages:
 * {@code until}, a missing stage, {@code with runs}, an optional join key; event queries and
 * samples are among them.
 */
class RuleSetDispatchProperties {

  private static final List<String> CONDITIONS = List.of(
      "host.os.type == \"linux\"", "host.os.type == \"windows\"", "event.type in (\"start\", \"end\")",
      "event.type == \"start\"", "process.name : \"BASH\"", "process.name : (\"sh\", \"cmd.exe\")",
      "process.name == \"sh\"", "process.name like~ \"b*\"", "not process.name == \"sh\"", "true");
  private static final List<String> CATEGORIES = List.of("process", "network", "any");

  record Generated(List<String> queries, List<String> events) {
  }

  @Property(tries = 100)
  void aRuleSetFindsWhatItsRulesFindAlone(@ForAll("rulesAndEvents") Generated generated) {
    List<RuleSource> sources = new ArrayList<>();
    for (int i = 0; i < generated.queries().size(); i++) {
      sources.add(source("r" + i, generated.queries().get(i)));
    }
    RuleSet all = RuleCompiler.compile(sources);
    List<String> together = run(all, generated.events());

    List<String> alone = new ArrayList<>();
    for (RuleSource source : sources) {
      alone.addAll(run(RuleCompiler.compile(List.of(source)), generated.events()));
    }

    assertThat(together).containsExactlyInAnyOrderElementsOf(alone);
  }

  /** The ids of the detections, those of chains waiting for their missing-event check included. */
  private static List<String> run(RuleSet rules, List<String> events) {
    DetectionEngine engine = Engines.engine(rules);
    List<Detection> detections = new ArrayList<>(engine.process(Engines.read(rules, events)));
    detections.addAll(engine.closeWindows());
    return detections.stream().map(Detection::id).toList();
  }

  @Provide
  Arbitrary<Generated> rulesAndEvents() {
    Arbitrary<String> condition = Arbitraries.of(CONDITIONS).list().ofMinSize(1).ofMaxSize(3)
        .map(parts -> String.join(" and ", parts));
    Arbitrary<String> stage = Combinators.combine(Arbitraries.of(CATEGORIES), condition)
        .as((category, where) -> category + " where " + where);
    Arbitrary<String> keys = Arbitraries.of("host.id", "host.id, ?user.id");
    Arbitrary<String> shape = Arbitraries.of("[%s] [%s]", "[%s] with runs=2 [%s]", "[%s] ![%s] [%s]",
        "[%s] [%s] until [%s]");
    Arbitrary<String> sequence = Combinators.combine(keys, shape, stage, stage, stage)
        .as((by, form, first, second, third) -> "sequence by " + by + " with maxspan=1m "
            + form.formatted(first, second, third));
    Arbitrary<String> sample = Combinators.combine(stage, stage)
        .as((first, second) -> "sample by host.id [" + first + "] [" + second + "]");
    Arbitrary<String> query = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, sequence), net.jqwik.api.Tuple.of(1, stage), net.jqwik.api.Tuple.of(1, sample));
    Arbitrary<String> event = Combinators.combine(
        Arbitraries.of("process", "network"), Arbitraries.of("h1", "h2"), Arbitraries.of("linux", "windows"),
        Arbitraries.of("start", "end", "info"), Arbitraries.of("bash", "Bash", "sh", "CMD.exe", "ls"))
        .as((category, host, os, type, name) -> "{\"event\":{\"category\":[\"" + category + "\"],\"type\":[\""
            + type + "\"]},\"host\":{\"id\":\"" + host + "\",\"os\":{\"type\":\"" + os
            + "\"}},\"process\":{\"name\":\"" + name + "\"}}");
    return Combinators.combine(query.list().ofMinSize(5).ofMaxSize(30), event.list().ofMinSize(1).ofMaxSize(40))
        .as((queries, events) -> {
          List<String> timed = new ArrayList<>();
          for (int i = 0; i < events.size(); i++) {
            String json = events.get(i);
            timed.add("{\"@timestamp\":\"" + Instant.ofEpochSecond(1_770_000_000L).plusMillis(10L * i)
                + "\",\"event_seq\":" + i + "," + json.substring(1).replace("\"event\":{", "\"event\":{\"id\":\"e" + i + "\","));
          }
          return new Generated(queries, timed);
        });
  }

  private static RuleSource source(String id, String query) {
    return Engines.ruleSource(id, query);
  }
}
