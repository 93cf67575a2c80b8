package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/** Browsing stored alerts: order, filters, cursor pages, one by id, and Kibana's alert shape. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsApiTest extends ApiTestSupport {

  private static final String TAG = "-alerts";
  private final List<String> ids = new ArrayList<>();
  private String host;

  @BeforeAll
  void postThePositiveScenarios() {
    for (Corpus.Scenario scenario : Corpus.scenarios()) {
      if (scenario.expected().isEmpty()) {
        continue;
      }
      List<String> events = scenario.events().stream().map(event -> EventsApiTest.rekey(event, TAG)).toList();
      JsonNode verdict = post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]").json();
      verdict.get("alerts").forEach(alert -> {
        ids.add(alert.get("id").asString());
        host = alert.get("join_keys").get("host.id").asString();
      });
    }
    assertThat(ids).hasSizeGreaterThan(10);
  }

  @Test
  void pagesWalkEveryAlertNewestFirstWithoutRepeats() {
    List<String> seen = new ArrayList<>();
    List<java.time.Instant> detectedAt = new ArrayList<>();
    String next = "/api/v1/alerts?size=4&rule_id=fa3a59dc-33c3-43bf-80a9-e8437a922c7f";
    int pages = 0;
    while (next != null) {
      JsonNode page = get(next).json();
      page.get("alerts").forEach(alert -> {
        seen.add(alert.get("id").asString());
        detectedAt.add(java.time.Instant.parse(alert.get("detected_at").asString()));
      });
      next = page.get("next") == null || page.get("next").isNull() ? null : page.get("next").asString();
      pages++;
    }

    assertThat(seen).doesNotHaveDuplicates().containsAll(ids);
    assertThat(pages).isGreaterThan(1);
    List<java.time.Instant> sorted = new ArrayList<>(detectedAt);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertThat(detectedAt).isEqualTo(sorted);
  }

  @Test
  void filtersByHostAndTime() {
    JsonNode byHost = get("/api/v1/alerts?host_id=" + host).json();
    assertThat(byHost.get("alerts")).isNotEmpty()
        .allSatisfy(alert -> assertThat(alert.get("join_keys").get("host.id").asString()).isEqualTo(host));

    assertThat(get("/api/v1/alerts?from=2999-01-01T00:00:00Z").json().get("alerts")).isEmpty();
    assertThat(get("/api/v1/alerts?to=2000-01-01T00:00:00Z").json().get("alerts")).isEmpty();
    assertThat(get("/api/v1/alerts?rule_id=no-such-rule").json().get("alerts")).isEmpty();
  }

  @Test
  void filtersBySeverityOfTheRule() {
    assertThat(get("/api/v1/alerts?severity=medium&size=500").json().get("alerts")).isNotEmpty()
        .allSatisfy(alert -> assertThat(alert.get("rule").get("severity").asString()).isEqualTo("medium"));
    assertThat(get("/api/v1/alerts?severity=critical").json().get("alerts")).isEmpty();

    Reply wrong = get("/api/v1/alerts?severity=urgent");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("parameter").asString()).isEqualTo("severity");
  }

  @Test
  void countsAlertsPerRuleAndPerHostUnderTheSameFilters() {
    JsonNode counts = get("/api/v1/alerts/_counts?host_id=" + host).json();
    long onHost = get("/api/v1/alerts?size=500&host_id=" + host).json().get("alerts").size();

    assertThat(counts.get("total").asLong()).isEqualTo(onHost);
    assertThat(counts.get("rules").get(0).get("value").asString()).isEqualTo("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
    assertThat(counts.get("rules").get(0).get("count").asLong()).isEqualTo(onHost);
    assertThat(counts.get("hosts")).hasSize(1);
    assertThat(counts.get("hosts").get(0).get("value").asString()).isEqualTo(host);

    JsonNode all = get("/api/v1/alerts/_counts").json();
    long perHost = 0;
    for (JsonNode entry : all.get("hosts")) {
      perHost += entry.get("count").asLong();
    }
    assertThat(perHost).isEqualTo(all.get("total").asLong()).isGreaterThanOrEqualTo(ids.size());
    assertThat(get("/api/v1/alerts/_counts?from=2999-01-01T00:00:00Z").json().get("total").asLong()).isZero();
  }

  @Test
  void oneAlertCarriesRuleReasonAndOriginalEvents() {
    JsonNode alert = get("/api/v1/alerts/" + ids.get(0)).json();

    assertThat(alert.get("rule").get("name").asString()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
    assertThat(alert.get("rule").get("severity").asString()).isEqualTo("medium");
    assertThat(alert.get("rule").get("risk_score").asInt()).isEqualTo(47);
    assertThat(alert.get("rule").get("threat").get(0).get("tactic").get("id").asString()).isEqualTo("TA0002");
    assertThat(alert.get("reason").asString()).startsWith("Potential Reverse Shell via Suspicious Binary on ")
        .contains(" started by ", "connected to ", ", then ");
    assertThat(alert.get("events")).hasSize(3);
    assertThat(alert.get("events").get(0).get("@timestamp")).isNotNull();
    assertThat(alert.has("new")).isFalse();
  }

  @Test
  void elasticShapeIsOneShellAndOneBuildingBlockPerEvent() {
    JsonNode documents = get("/api/v1/alerts/" + ids.get(0) + "?format=elastic").json();

    assertThat(documents).hasSize(4);
    JsonNode shell = documents.get(0);
    assertThat(shell.get("kibana.alert.uuid").asString()).isEqualTo(ids.get(0));
    assertThat(shell.get("kibana.alert.group.id").asString()).isEqualTo(ids.get(0));
    assertThat(shell.get("event.kind").asString()).isEqualTo("signal");
    assertThat(shell.get("kibana.alert.rule.rule_id").asString()).isEqualTo("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
    assertThat(shell.get("kibana.alert.severity").asString()).isEqualTo("medium");
    assertThat(shell.get("kibana.alert.risk_score").asInt()).isEqualTo(47);
    assertThat(shell.has("kibana.alert.building_block_type")).isFalse();
    JsonNode stored = get("/api/v1/alerts/" + ids.get(0)).json();
    assertThat(stored.get("rule").get("query_type").asString()).isEqualTo("sequence");
    assertThat(shell.get("host").get("id").asString()).as("what the chain's events share, as Kibana's shell")
        .isEqualTo(stored.get("join_keys").get("host.id").asString());
    assertThat(shell.get("process").get("entity_id").asString())
        .isEqualTo(stored.get("join_keys").get("process.entity_id").asString());
    assertThat(shell.has("kibana.alert.group.index")).isFalse();
    assertThat(shell.get("event") == null || !shell.get("event").has("kind")).as("event.kind is the alert's").isTrue();
    assertThat(shell.get("event.kind").asString()).isEqualTo("signal");
    for (int i = 1; i <= 3; i++) {
      JsonNode block = documents.get(i);
      assertThat(block.get("kibana.alert.group.id").asString()).isEqualTo(ids.get(0));
      assertThat(block.get("kibana.alert.group.index").asInt()).isEqualTo(i - 1);
      assertThat(block.get("kibana.alert.building_block_type").asString()).isEqualTo("default");
      assertThat(block.get("kibana.alert.original_time")).isNotNull();
      assertThat(block.get("kibana.alert.uuid").asString()).isNotEqualTo(ids.get(0));
      assertThat(block.get("process")).isNotNull();
    }
    JsonNode page = get("/api/v1/alerts?size=2&format=elastic").json();
    assertThat(page.get("alerts")).hasSize(8);
  }

  @Test
  void badParametersAreProblemDetails() {
    for (String path : List.of("/api/v1/alerts?size=0", "/api/v1/alerts?size=501", "/api/v1/alerts?cursor=not-a-cursor!",
        "/api/v1/alerts?from=yesterday", "/api/v1/alerts?format=xml")) {
      Reply reply = get(path);
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().get("parameter")).isNotNull();
    }
  }
}
