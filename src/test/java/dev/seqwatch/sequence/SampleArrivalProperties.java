package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sample rules in a stream, whatever the arrival order: no event serves twice, every sample fills
 * each filter with an event that matches it, and a sample is reported exactly when the events
 * admit one.
 */
class SampleArrivalProperties {

  private static final RuleSet RULE = Engines.ruleOf(
      "sample by k [any where a == \"1\"] [any where b == \"1\"] [any where c == \"1\"]");

  /** Each event: which of the three filters it matches, as three bits; the list is the arrival order. */
  @Provide
  Arbitrary<List<Integer>> arrivals() {
    return Arbitraries.integers().between(0, 7).list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 300)
  void noEventServesTwiceAndASampleIsReportedExactlyWhenOneExists(@ForAll("arrivals") List<Integer> filters) {
    List<String> documents = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      int bits = filters.get(i);
      // Timestamps in reverse of arrival, all within the default look-back (6 minutes).
      documents.add("{\"@timestamp\":" + (filters.size() - i) * 1000 + ",\"event\":{\"id\":\"e" + i + "\"},\"k\":\"h\""
          + ",\"a\":\"" + (bits & 1) + "\",\"b\":\"" + ((bits >> 1) & 1) + "\",\"c\":\"" + ((bits >> 2) & 1) + "\"}");
    }
    DetectionEngine engine = Engines.engine(RULE);
    List<Detection> detections = new ArrayList<>();
    for (String document : documents) {
      detections.addAll(engine.process(Engines.read(RULE, List.of(document))));
    }

    Set<String> used = new HashSet<>();
    for (Detection detection : detections) {
      List<Event> events = detection.events();
      for (int f = 0; f < 3; f++) {
        int index = Integer.parseInt(events.get(f).id().substring(1));
        assertThat(filters.get(index) & (1 << f)).as("event %s fills filter %s", index, f).isNotZero();
        assertThat(used.add(events.get(f).id())).as("%s serves once", events.get(f).id()).isTrue();
      }
    }
    assertThat(!detections.isEmpty()).isEqualTo(assignmentExists(filters, 0, new HashSet<>()));
  }

  private static boolean assignmentExists(List<Integer> filters, int filter, Set<Integer> taken) {
    if (filter == 3) {
      return true;
    }
    for (int i = 0; i < filters.size(); i++) {
      if ((filters.get(i) & (1 << filter)) != 0 && taken.add(i)) {
        if (assignmentExists(filters, filter + 1, taken)) {
          return true;
        }
        taken.remove(i);
      }
    }
    return false;
  }
}
