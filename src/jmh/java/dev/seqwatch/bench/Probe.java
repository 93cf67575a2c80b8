package dev.seqwatch.bench;

import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.*;

public final class Probe {
  public static void main(String[] args) {
    RuleSet rules = RulesFolder.load(args[0]);
    int seq = 0, noMax = 0;
    for (CompiledRule r : rules.rules()) if (r.plan() instanceof SequencePlan p) { seq++; if (p.maxspanMillis() == 0) noMax++; }
    System.out.println("sequences " + seq + " without maxspan " + noMax);
    EventReader reader = new EventReader(rules.schema());
    DefendEvents source = new DefendEvents(42, 5_000);
    List<String> lines = source.generate(50_000, Instant.parse("2026-03-02T08:00:00Z"));
    byte[] body = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    List<Event> events = reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
    Map<String, Long> counts = new TreeMap<>();
    long total = 0;
    for (Event e : events) {
      for (CompiledRule r : rules.rules()) {
        if (r.plan() instanceof SequencePlan p) {
          for (int k = 0; k < p.stages().size(); k++) {
            if (p.stages().get(k).predicate().test(e.values())) { counts.merge(r.definition().name() + " stage " + k + (p.maxspanMillis()==0?" NOMAX":" max="+p.maxspanMillis()) + " by " + p.stages().get(k).keyFields(), 1L, Long::sum); total++; }
          }
        } else if (((EventPlan) r.plan()).predicate().test(e.values())) {
          counts.merge("EVENT " + r.definition().name(), 1L, Long::sum);
        }
      }
    }
    counts.entrySet().stream().sorted((a,b)->Long.compare(b.getValue(),a.getValue())).limit(40).forEach(en -> System.out.println(en.getValue() + "  " + en.getKey()));
    System.out.println("total stage matches " + total + " over " + events.size());
  }
}
