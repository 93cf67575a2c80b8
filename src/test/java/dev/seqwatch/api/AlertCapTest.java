package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/** At most max_signals new alerts per rule and request; the rest are counted, not created. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "seqwatch.rules.path=src/test/resources/rules-cap")
class AlertCapTest extends ApiTestSupport {

  @Autowired
  MeterRegistry meters;

  @Test
  void alertsBeyondMaxSignalsAreCountedInTheResponseAndAMetric() {
    StringBuilder events = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      events.append(i == 0 ? "" : ",").append("{\"@timestamp\":").append(i).append(",\"event\":{\"id\":\"cap-")
          .append(i).append("\"}}");
    }
    events.append("]");

    JsonNode verdict = post("/api/v1/events", "application/json", events.toString()).json();
    JsonNode again = post("/api/v1/events", "application/json", events.toString()).json();

    assertThat(verdict.get("alerts")).hasSize(2);
    assertThat(verdict.get("alerts_over_limit").asInt()).isEqualTo(3);
    assertThat(meters.get("seqwatch.alerts.over.limit").counter().count()).isGreaterThanOrEqualTo(3);
    assertThat(again.get("alerts")).hasSize(4);
    assertThat(again.get("alerts")).filteredOn(alert -> alert.get("new").asBoolean()).hasSize(2);
    assertThat(again.get("alerts")).filteredOn(alert -> !alert.get("new").asBoolean())
        .extracting(alert -> alert.get("id").asString())
        .containsExactlyInAnyOrderElementsOf(verdict.get("alerts").valueStream().map(a -> a.get("id").asString()).toList());
    assertThat(again.get("alerts_over_limit").asInt()).isEqualTo(1);
    assertThat(meters.get("seqwatch.engine.events").functionCounter().count()).isGreaterThanOrEqualTo(10);
    assertThat(meters.get("seqwatch.engine.detections").functionCounter().count()).isGreaterThanOrEqualTo(10);
    assertThat(meters.get("seqwatch.engine.discards").tag("reason", "late").functionCounter()).isNotNull();
  }
}
