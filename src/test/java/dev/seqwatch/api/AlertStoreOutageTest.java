package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The alert store taken away (its table renamed) and brought back (issue 14): readiness and
 * {@code /_cluster/health} say so, both events endpoints answer 503 with {@code Retry-After} and
 * keep nothing of what they refuse, and once the store is back every chain is stored exactly once,
 * the one the engine completed just as the store failed included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "seqwatch.ingest.retry-after=100ms") // the probe interval: the test never waits for it
class AlertStoreOutageTest extends ApiTestSupport {

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  private static final Corpus.Scenario CHAIN = Corpus.scenarios().get(0);

  private static String chain(String tag) {
    return "[" + String.join(",", CHAIN.events().stream().map(e -> EventsApiTest.rekey(e, tag)).toList()) + "]";
  }

  private static String bulk(String tag) {
    StringBuilder body = new StringBuilder();
    CHAIN.events().forEach(event -> body.append("{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n")
        .append(EventsApiTest.rekey(event, tag)).append('\n'));
    return body.toString();
  }

  private double accepted() {
    return meters.get("seqwatch.ingest.events").tag("result", "accepted").counter().count();
  }

  private List<JsonNode> storedChains(String tag) {
    List<String> expected = CHAIN.expected().get(0).stream().map(id -> id + tag).toList();
    List<JsonNode> stored = new java.util.ArrayList<>();
    get("/api/v1/alerts?size=500").json().get("alerts").forEach(alert -> {
      if (EventsApiTest.chainOf(alert).equals(expected)) {
        stored.add(alert);
      }
    });
    return stored;
  }

  @Test
  void whileTheStoreIsAwayNothingIsAcceptedAndOnceBackEveryChainIsStoredOnce() {
    assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(get("/_cluster/health").json().get("status").asString()).isEqualTo("green");

    jdbc.sql("ALTER TABLE alert RENAME TO alert_away").update();
    try {
      // The engine completes the chain, the insert fails: 503, and the alert is kept for later.
      Reply failed = post("/api/v1/events", "application/json", chain("-outage-a"));
      assertThat(failed.status()).isEqualTo(503);
      assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(failed.contentType()).startsWith("application/problem+json");
      assertThat(failed.body()).contains("alert-store-unavailable");
      assertThat(meters.get("seqwatch.alerts.pending").gauge().value()).as("alerts kept for later").isEqualTo(1);

      // From now on batches are refused before the engine sees them.
      double acceptedWhileDown = accepted();
      Reply refused = post("/api/v1/events", "application/json", chain("-outage-b"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      Reply refusedBulk = post("/_bulk", "application/x-ndjson", bulk("-outage-c"));
      assertThat(refusedBulk.status()).isEqualTo(503);
      assertThat(refusedBulk.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(accepted()).isEqualTo(acceptedWhileDown);

      assertThat(get("/actuator/health/readiness").status()).isEqualTo(503);
      Reply health = get("/_cluster/health");
      assertThat(health.status()).isEqualTo(200); // as Elasticsearch answers a red cluster
      assertThat(health.json().get("status").asString()).isEqualTo("red");
      Reply waiting = get("/_cluster/health?wait_for_status=yellow");
      assertThat(waiting.status()).isEqualTo(408);
      assertThat(waiting.json().get("timed_out").asBoolean()).isTrue();
    } finally {
      jdbc.sql("ALTER TABLE alert_away RENAME TO alert").update();
    }

    assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(get("/_cluster/health").json().get("status").asString()).isEqualTo("green");
    // The shippers send the refused batches again.
    Reply retriedA = post("/api/v1/events", "application/json", chain("-outage-a"));
    assertThat(retriedA.status()).isEqualTo(200);
    Reply retriedB = post("/api/v1/events", "application/json", chain("-outage-b"));
    assertThat(retriedB.status()).isEqualTo(200);
    assertThat(retriedB.json().get("alerts")).singleElement()
        .satisfies(alert -> assertThat(alert.get("new").asBoolean()).isTrue());
    Reply retriedBulk = post("/_bulk", "application/x-ndjson", bulk("-outage-c").getBytes(StandardCharsets.UTF_8));
    assertThat(retriedBulk.status()).isEqualTo(200);
    assertThat(retriedBulk.body()).contains("\"errors\":false");

    assertThat(meters.get("seqwatch.alerts.pending").gauge().value()).isZero();
    assertThat(storedChains("-outage-a")).as("the chain completed as the store failed").hasSize(1);
    assertThat(storedChains("-outage-b")).hasSize(1);
    assertThat(storedChains("-outage-c")).hasSize(1);
  }
}
