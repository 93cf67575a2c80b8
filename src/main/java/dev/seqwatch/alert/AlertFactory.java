package dev.seqwatch.alert;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.sequence.Detection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns an engine {@link Detection} into an {@link Alert}: names the join keys, explains it, dates it. */
@Component
public class AlertFactory {

  private final JsonMapper json;
  private final Clock clock;

  AlertFactory(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  public Alert create(Detection detection) {
    List<JsonNode> events = new ArrayList<>();
    for (Event event : detection.events()) {
      events.add(RawEvent.node(event.source()));
    }
    List<String> revises = detection.revises();
    Map<String, Object> joinKeys = new LinkedHashMap<>();
    List<String> fields = List.of();
    if (detection.rule().plan() instanceof SequencePlan plan) {
      fields = plan.stages().get(0).keyFields();
    } else if (detection.rule().plan() instanceof SamplePlan plan) {
      fields = plan.filters().get(0).keyFields();
    }
    for (int i = 0; i < fields.size(); i++) {
      joinKeys.put(fields.get(i), detection.joinKeys().get(i));
    }
    RuleSummary rule = RuleSummary.of(detection.rule().definition(), detection.rule().plan());
    return new Alert(detection.id(), null, rule, joinKeys,
        Instant.ofEpochMilli(detection.firstTimestamp()), Instant.ofEpochMilli(detection.lastTimestamp()),
        clock.instant().truncatedTo(ChronoUnit.MILLIS),
        Reasons.of(detection.rule().definition().name(), events, json),
        revises.isEmpty() ? null : revises.get(0),
        revises.size() > 1 ? revises.subList(1, revises.size()) : null, events);
  }
}
