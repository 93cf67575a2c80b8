package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Corpus.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RulesAndSearchApiTest extends ApiTestSupport {

  private static final String SEED_ID = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

  @Autowired
  AlertStore store;

  @Test
  void rulesAreListedWithMetadataAndQuery() {
    JsonNode rules = get("/api/v1/rules").json();
    JsonNode one = get("/api/v1/rules/" + SEED_ID).json();

    assertThat(rules).hasSize(1);
    assertThat(one.get("rule").get("rule_id").asString()).isEqualTo(SEED_ID);
    assertThat(one.get("rule").get("max_signals").asInt()).isEqualTo(100);
    assertThat(one.get("rule").get("query").asString()).startsWith("sequence by host.id, process.entity_id");
    assertThat(one.get("origin").asString()).contains("potential_reverse_shell_via_suspicious_binary.toml");
    assertThat(one.get("partitioning").get("kind").asString()).isEqualTo("host_local");
    assertThat(one.get("partitioning").get("keys")).extracting(JsonNode::asString)
        .containsExactly("host.id", "process.entity_id");
    assertThat(get("/api/v1/rules/nope").status()).isEqualTo(404);
  }

  @Test
  void aSequenceQueryFindsTheCorpusChainWithoutTouchingLiveState() {
    Scenario scenario = Corpus.scenarios().get(0);
    String query = get("/api/v1/rules/" + SEED_ID).json().get("rule").get("query").asString();
    long alertsBefore = store.count();
    ObjectNode request = JSON.createObjectNode().put("query", query);
    scenario.events().forEach(event -> request.withArray("events").add(JSON.readTree(event)));

    Reply reply = post("/api/v1/eql/search", "application/json", JSON.writeValueAsString(request));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode hits = reply.json().get("hits");
    assertThat(hits.get("total").get("value").asInt()).isEqualTo(1);
    JsonNode sequence = hits.get("sequences").get(0);
    assertThat(sequence.get("join_keys")).hasSize(2);
    assertThat(EventsApiTest.chains(java.util.List.of(wrap(sequence)))).containsExactly(scenario.expected().get(0));
    assertThat(sequence.get("events").get(0).get("_index").asString()).isEqualTo("logs-endpoint.events.process-default");
    assertThat(store.count()).isEqualTo(alertsBefore);
  }

  @Test
  void explainMarksEachEventWithItsStagesVerdicts() {
    Scenario scenario = Corpus.scenarios().get(0);
    String query = get("/api/v1/rules/" + SEED_ID).json().get("rule").get("query").asString();
    ObjectNode request = JSON.createObjectNode().put("query", query);
    scenario.events().forEach(event -> request.withArray("events").add(JSON.readTree(event)));

    JsonNode reply = post("/api/v1/eql/search?explain=true", "application/json", JSON.writeValueAsString(request)).json();

    JsonNode explanation = reply.get("explanation");
    assertThat(explanation).hasSize(scenario.events().size());
    for (int stage = 0; stage < 3; stage++) {
      String id = reply.get("hits").get("sequences").get(0).get("events").get(stage).get("_id").asString();
      JsonNode explained = null;
      for (JsonNode entry : explanation) {
        if (entry.get("_id").asString().equals(id)) {
          explained = entry;
        }
      }
      assertThat(explained.get("stages").get(stage).get("matched").asBoolean()).as("stage %d", stage + 1).isTrue();
    }
    JsonNode fork = explanation.get(0).get("stages").get(0);
    assertThat(fork.get("matched").asBoolean()).isFalse();
    assertThat(fork.get("failed").asString()).isEqualTo("event.action == \"exec\"");
    assertThat(post("/api/v1/eql/search", "application/json", JSON.writeValueAsString(request)).json()
        .has("explanation")).isFalse();
  }

  private static JsonNode wrap(JsonNode sequence) {
    ObjectNode alert = JSON.createObjectNode();
    sequence.get("events").forEach(hit -> alert.withArray("events").add(hit.get("_source")));
    return alert;
  }

  @Test
  void anEventQueryReturnsTheMostRecentMatchesInAscendingOrder() {
    String events = "[{\"@timestamp\":\"2026-01-01T00:00:01Z\",\"event\":{\"id\":\"a\",\"category\":\"process\"},\"process\":{\"name\":\"ncat\"}},"
        + "{\"@timestamp\":\"2026-01-01T00:00:03Z\",\"event\":{\"id\":\"c\",\"category\":\"process\"},\"process\":{\"name\":\"nc\"}},"
        + "{\"@timestamp\":\"2026-01-01T00:00:02Z\",\"event\":{\"id\":\"b\",\"category\":\"process\"},\"process\":{\"name\":\"NC.openbsd\"}},"
        + "{\"@timestamp\":\"2026-01-01T00:00:04Z\",\"event\":{\"id\":\"d\",\"category\":\"process\"},\"process\":{\"name\":\"ls\"}}]";

    JsonNode reply = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"process where process.name : \\\"nc*\\\"\",\"size\":2,\"events\":" + events + "}").json();

    // total counts what is returned, as Elasticsearch's Results.fromPayload does.
    assertThat(reply.get("hits").get("total").get("value").asInt()).isEqualTo(2);
    assertThat(reply.get("hits").get("events")).extracting(hit -> hit.get("_id").asString()).containsExactly("b", "c");
    assertThat(reply.get("is_partial").asBoolean()).isFalse();
  }

  @Test
  void anEventCategoryFieldMakesTheCategoryTestThatField() {
    String events = "[{\"@timestamp\":\"2026-01-01T00:00:01Z\",\"event\":{\"id\":\"typed\",\"category\":[\"iam\"],"
        + "\"type\":[\"info\"]}},{\"@timestamp\":\"2026-01-01T00:00:02Z\",\"event\":{\"id\":\"categorized\","
        + "\"category\":[\"info\"],\"type\":[\"change\"]}}]";

    JsonNode typed = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"info where true\",\"event_category_field\":\"event.type\",\"events\":" + events + "}").json();
    JsonNode categorized = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"info where true\",\"events\":" + events + "}").json();
    Reply blank = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"info where true\",\"event_category_field\":\"\",\"events\":[]}");

    assertThat(typed.get("hits").get("events")).extracting(hit -> hit.get("_id").asString()).containsExactly("typed");
    assertThat(categorized.get("hits").get("events")).extracting(hit -> hit.get("_id").asString())
        .containsExactly("categorized");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().get("parameter").asString()).isEqualTo("event_category_field");
  }

  @Test
  void queriesThatDoNotParseOrAreNotSupportedAre400WithThePosition() {
    Reply invalid = post("/api/v1/eql/search", "application/json", "{\"query\":\"process where\\n  a = 1\",\"events\":[]}");
    Reply unsupported = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"process where true | count\",\"events\":[]}");
    Reply missing = post("/api/v1/eql/search", "application/json", "{\"events\":[]}");

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().get("type").asString()).endsWith("/invalid-eql");
    assertThat(invalid.json().get("line").asInt()).isEqualTo(2);
    assertThat(invalid.json().get("column").asInt()).isEqualTo(5);
    assertThat(unsupported.status()).isEqualTo(400);
    assertThat(unsupported.json().get("type").asString()).endsWith("/unsupported-eql");
    assertThat(unsupported.json().get("detail").asString()).contains("not supported yet");
    assertThat(unsupported.json().get("construct").asString()).isEqualTo("pipe | count");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("parameter").asString()).isEqualTo("query");
  }
}
