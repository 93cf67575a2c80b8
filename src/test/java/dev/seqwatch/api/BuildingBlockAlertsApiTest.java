package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * Alerts of building-block rules ({@code building_block_type = "default"} in the rule file) are
 * stored, answered and published like any other, marked as Kibana marks them, and left out of the
 * alert list and its counts when asked ({@code building_block=false}), which the console does
 * unless its analyst ticks them in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "seqwatch.rules.path=src/test/resources/rules-building-blocks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildingBlockAlertsApiTest extends ApiTestSupport {

  private static final String BUILDING_BLOCK_RULE = "bb-whoami";
  private static final String RULE = "netcat-exec";
  private static final int EACH = 3;

  private final List<JsonNode> answered = new ArrayList<>();
  /**
   * Alerts detected since this class posted its events: the store may hold other test classes'
   * alerts, and the queries below look at this class's only.
   */
  private String since;

  @BeforeAll
  void postEventsThatBothRulesMatch() {
    since = "from=" + Instant.now().minusMillis(1);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      events.add(process("2026-12-07T10:00:0" + i + ".000Z", "bb-host-" + i, "whoami", "whoami"));
      events.add(process("2026-12-07T10:00:0" + i + ".500Z", "bb-host-" + i, "nc", "nc\",\"-e\",\"/bin/sh"));
    }
    JsonNode verdict = post("/api/v1/events", "application/x-ndjson", String.join("\n", events)).json();
    verdict.get("alerts").forEach(answered::add);
  }

  @Test
  void theResponseReportsBothRulesAlertsAndMarksTheBuildingBlocks() {
    assertThat(answered).hasSize(2 * EACH);
    assertThat(answered).filteredOn(alert -> ruleId(alert).equals(BUILDING_BLOCK_RULE)).hasSize(EACH)
        .allSatisfy(alert -> assertThat(alert.get("rule").get("building_block_type").asString()).isEqualTo("default"));
    assertThat(answered).filteredOn(alert -> ruleId(alert).equals(RULE)).hasSize(EACH)
        .allSatisfy(alert -> assertThat(alert.get("rule").has("building_block_type")).isFalse());
  }

  @Test
  void theListLeavesBuildingBlocksOutOrKeepsOnlyThemWhenAsked() {
    assertThat(ruleIds(get("/api/v1/alerts?size=500&" + since).json())).as("by default, every alert")
        .containsOnly(BUILDING_BLOCK_RULE, RULE).hasSize(2 * EACH);
    assertThat(ruleIds(get("/api/v1/alerts?size=500&building_block=false&" + since).json()))
        .containsOnly(RULE).hasSize(EACH);
    assertThat(ruleIds(get("/api/v1/alerts?size=500&building_block=true&" + since).json()))
        .containsOnly(BUILDING_BLOCK_RULE).hasSize(EACH);
  }

  @Test
  void theNextPageKeepsTheFilter() {
    JsonNode first = get("/api/v1/alerts?size=2&building_block=false&" + since).json();
    String next = first.get("next").asString();

    assertThat(next).contains("building_block=false");
    List<String> rules = new ArrayList<>(ruleIds(first));
    rules.addAll(ruleIds(get(next).json()));
    assertThat(rules).containsOnly(RULE).hasSize(EACH);
  }

  @Test
  void countsTakeTheSameFilter() {
    assertThat(get("/api/v1/alerts/_counts?" + since).json().get("total").asLong()).isEqualTo(2 * EACH);
    JsonNode withoutBuildingBlocks = get("/api/v1/alerts/_counts?building_block=false&" + since).json();
    assertThat(withoutBuildingBlocks.get("total").asLong()).isEqualTo(EACH);
    assertThat(withoutBuildingBlocks.get("rules")).hasSize(1);
    assertThat(withoutBuildingBlocks.get("rules").get(0).get("value").asString()).isEqualTo(RULE);
  }

  @Test
  void aStoredBuildingBlockAlertKeepsItsMarkAndKibanasShapeCarriesIt() {
    String id = answered.stream().filter(alert -> ruleId(alert).equals(BUILDING_BLOCK_RULE)).findFirst()
        .orElseThrow().get("id").asString();

    JsonNode rule = get("/api/v1/alerts/" + id).json().get("rule");
    assertThat(rule.get("building_block_type").asString()).isEqualTo("default");
    assertThat(rule.get("query_type").asString()).isEqualTo("event");
    JsonNode documents = get("/api/v1/alerts/" + id + "?format=elastic").json();
    // The rule is an event query: Kibana writes its alert as one document, with no group.
    assertThat(documents).singleElement().satisfies(document -> {
      assertThat(document.get("kibana.alert.building_block_type").asString()).isEqualTo("default");
      assertThat(document.get("kibana.alert.uuid").asString()).isEqualTo(id);
      assertThat(document.has("kibana.alert.group.id")).isFalse();
    });
  }

  @Test
  void theRulesListShowsWhichRuleIsABuildingBlock() {
    JsonNode rules = get("/api/v1/rules").json();
    JsonNode buildingBlock = StreamSupport.stream(rules.spliterator(), false)
        .filter(rule -> rule.get("rule").get("rule_id").asString().equals(BUILDING_BLOCK_RULE)).findFirst().orElseThrow();
    JsonNode other = StreamSupport.stream(rules.spliterator(), false)
        .filter(rule -> rule.get("rule").get("rule_id").asString().equals(RULE)).findFirst().orElseThrow();

    assertThat(buildingBlock.get("rule").get("building_block_type").asString()).isEqualTo("default");
    assertThat(other.get("rule").has("building_block_type")).isFalse();
  }

  @Test
  void aFilterValueOtherThanTrueOrFalseIsAProblem() {
    for (String path : List.of("/api/v1/alerts?building_block=yes", "/api/v1/alerts/_counts?building_block=1")) {
      Reply reply = get(path);
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().get("parameter").asString()).isEqualTo("building_block");
    }
  }

  private static String process(String timestamp, String host, String name, String args) {
    return """
        {"@timestamp":"%s","event":{"category":["process"],"type":["start"],"action":"exec"},\
        "host":{"id":"%s","os":{"type":"linux"}},"process":{"name":"%s","args":["%s"],\
        "entity_id":"%s-%s"},"data_stream":{"type":"logs","dataset":"endpoint.events.process","namespace":"default"}}"""
        .formatted(timestamp, host, name, args, host, name);
  }

  private static String ruleId(JsonNode alert) {
    return alert.get("rule").get("id").asString();
  }

  private static List<String> ruleIds(JsonNode page) {
    return StreamSupport.stream(page.get("alerts").spliterator(), false).map(BuildingBlockAlertsApiTest::ruleId)
        .toList();
  }
}
