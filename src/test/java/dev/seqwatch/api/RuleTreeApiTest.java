package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * A rule tree with a file of every kind starts the service; the loaded rules, every file's verdict
 * and the reload are served over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "seqwatch.rules.path=src/test/resources/rule-tree", "seqwatch.rules.disabled=tree-disabled"})
class RuleTreeApiTest extends ApiTestSupport {

  private static final String TREE = "src/test/resources/rule-tree/";

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(node -> node.path(field).asString(null)).toList();
  }

  @Test
  void theTreeStartsTheServiceAndTheLoadedRulesAreListedAsBefore() {
    assertThat(get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    JsonNode rules = get("/api/v1/rules").json();

    assertThat(StreamSupport.stream(rules.spliterator(), false).map(rule -> rule.get("rule").get("rule_id").asString()))
        .containsExactly("tree-dup", "tree-event", "tree-good", "fa3a59dc-33c3-43bf-80a9-e8437a922c7f", "tree-tie");
    assertThat(texts(rules, "origin")).contains(TREE + "linux/dup_b_v2.toml");
    assertThat(get("/api/v1/rules/tree-good").json().get("rule").get("name").asString())
        .isEqualTo("Tree good sequence");
    assertThat(get("/api/v1/rules/tree-join").status()).isEqualTo(404);
  }

  @Test
  void statsTellPerRuleWhatMatchedWhatIsKeptAndWhatWasDetected() {
    dev.seqwatch.testing.Corpus.Scenario chain = dev.seqwatch.testing.Corpus.scenarios().get(0);
    List<String> events = chain.events().stream().map(event -> EventsApiTest.rekey(event, "-rule-stats")).toList();
    assertThat(post("/api/v1/events", "application/x-ndjson", String.join("\n", events)).json().get("alerts"))
        .hasSize(1);

    JsonNode stats = get("/api/v1/rules/stats").json();

    assertThat(texts(stats, "rule_id")).containsExactly("tree-dup", "tree-event", "tree-good",
        "fa3a59dc-33c3-43bf-80a9-e8437a922c7f", "tree-tie");
    JsonNode seed = StreamSupport.stream(stats.spliterator(), false)
        .filter(rule -> rule.get("rule_id").asString().equals("fa3a59dc-33c3-43bf-80a9-e8437a922c7f")).findFirst()
        .orElseThrow();
    assertThat(seed.get("stage_matches")).hasSize(3).allSatisfy(count -> assertThat(count.asLong()).isPositive());
    assertThat(seed.get("conditions_tested").asLong()).as("at least once per stage match")
        .isGreaterThanOrEqualTo(StreamSupport.stream(seed.get("stage_matches").spliterator(), false)
            .mapToLong(JsonNode::asLong).sum());
    assertThat(seed.get("alerts").asLong()).isPositive();
    assertThat(seed.get("keys").asLong()).isNotNegative();
    assertThat(seed.get("discards").isObject()).isTrue();
    assertThat(get("/api/v1/rules/stats").status()).isEqualTo(200);
  }

  @Test
  void everyFileIsListedWithItsStatusReasonAndPosition() {
    JsonNode files = get("/api/v1/rules/files").json();

    assertThat(files).hasSize(17);
    assertThat(texts(files, "status")).containsOnly("loaded", "skipped", "failed");
    JsonNode badEql = StreamSupport.stream(files.spliterator(), false)
        .filter(file -> file.get("origin").asString().equals(TREE + "broken/bad_eql.toml")).findFirst().orElseThrow();
    assertThat(badEql.get("rule_id").asString()).isEqualTo("tree-bad-eql");
    assertThat(badEql.get("name").asString()).isEqualTo("Tree malformed EQL");
    assertThat(badEql.get("status").asString()).isEqualTo("failed");
    assertThat(badEql.get("reason").asString()).isEqualTo("malformed_eql");
    assertThat(badEql.get("message").asString()).startsWith("query: expected an operator");
    assertThat(badEql.get("line").asInt()).isEqualTo(23);
    assertThat(badEql.get("column").asInt()).isEqualTo(16);
    JsonNode loaded = files.get(5);
    assertThat(loaded.get("status").asString()).isEqualTo("loaded");
    assertThat(loaded.has("reason")).isFalse();
    assertThat(loaded.has("line")).isFalse();
  }

  @Test
  void filesFilterByStatus() {
    assertThat(texts(get("/api/v1/rules/files?status=failed").json(), "reason"))
        .containsExactly("malformed_eql", "invalid_rule", "malformed_toml");
    assertThat(texts(get("/api/v1/rules/files?status=skipped").json(), "reason")).containsExactly("superseded",
        "superseded", "superseded", "unsupported_eql", "deprecated", "not_eql", "not_eql", "disabled", "superseded");
    assertThat(get("/api/v1/rules/files?status=loaded").json()).hasSize(5);
    Reply bad = get("/api/v1/rules/files?status=broken");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("parameter").asString()).isEqualTo("status");
  }

  @Test
  void onlyAnAdminReloadsAndTheAnswerIsTheNewSummary() {
    assertThat(exchange("POST", "/api/v1/rules/_reload", null, null, "Authorization", TestKeys.READ.header()).status())
        .isEqualTo(403);
    assertThat(exchange("POST", "/api/v1/rules/_reload", null, null, "Authorization", TestKeys.INGEST.header())
        .status()).isEqualTo(403);

    Reply reload = exchange("POST", "/api/v1/rules/_reload", null, null, "Authorization", TestKeys.ADMIN.header());

    assertThat(reload.status()).isEqualTo(200);
    JsonNode summary = reload.json();
    assertThat(summary.get("loaded").asInt()).isEqualTo(5);
    assertThat(summary.get("failed").asInt()).isEqualTo(3);
    assertThat(summary.get("skipped").get("superseded").asInt()).isEqualTo(4);
    assertThat(summary.get("skipped").get("unsupported_eql").asInt()).isEqualTo(1);
    assertThat(summary.get("warnings")).hasSize(1);
    assertThat(summary.get("dropped_states").asLong()).isZero();
  }
}
