package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kibana's shape of an alert depends on the rule's query, as Kibana's EQL executor wraps an EQL
 * response: each of its {@code events} becomes one alert document, each of its {@code sequences}
 * (samples' included) a shell and a building block per event, grouped.
 */
class ElasticAlertsTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final Instant DETECTED = Instant.parse("2026-03-02T08:00:05Z");
  private static final String START = "{\"@timestamp\":\"2026-03-02T08:00:00.123Z\",\"event\":{\"kind\":\"event\","
      + "\"category\":[\"process\"],\"id\":\"e1\"},\"host\":{\"id\":\"h1\"},\"process\":{\"name\":\"whoami\"}}";
  private static final String CONNECTION = "{\"@timestamp\":\"2026-03-02T08:00:01Z\",\"event\":{\"kind\":\"event\","
      + "\"category\":[\"network\"],\"id\":\"e2\"},\"host\":{\"id\":\"h1\"},\"destination\":{\"ip\":\"10.0.0.1\"}}";

  @Test
  void anEventQuerysAlertIsOneDocumentOfItsEventWithNoGroup() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(RuleSummary.EVENT, null, START), JSON);

    assertThat(documents).hasSize(1);
    ObjectNode alert = documents.get(0);
    assertThat(alert.get("kibana.alert.uuid").asString()).isEqualTo("a1");
    assertThat(alert.has("kibana.alert.group.id")).isFalse();
    assertThat(alert.has("kibana.alert.group.index")).isFalse();
    assertThat(alert.has("kibana.alert.building_block_type")).isFalse();
    assertThat(alert.get("event.kind").asString()).isEqualTo("signal");
    assertThat(alert.get("kibana.alert.original_event.kind").asString()).isEqualTo("event");
    assertThat(alert.get("kibana.alert.original_event.category")).containsExactly(JSON.readTree("\"process\""));
    assertThat(alert.get("kibana.alert.original_event.id").asString()).isEqualTo("e1");
    assertThat(alert.get("event").has("kind")).isFalse();
    assertThat(alert.get("event").get("id").asString()).as("the event's own fields stay").isEqualTo("e1");
    assertThat(alert.get("process").get("name").asString()).isEqualTo("whoami");
    assertThat(alert.get("host").get("id").asString()).isEqualTo("h1");
    assertThat(alert.get("@timestamp").asString()).isEqualTo(DETECTED.toString());
    assertThat(alert.get("kibana.alert.original_time").asString()).isEqualTo("2026-03-02T08:00:00.123Z");
    assertThat(alert.get("kibana.alert.depth").asInt()).isEqualTo(1);
    assertThat(alert.get("kibana.alert.ancestors")).hasSize(1);
    assertThat(alert.get("kibana.alert.ancestors").get(0).get("id").asString()).isEqualTo("e1");
    assertThat(alert.get("kibana.alert.rule.rule_id").asString()).isEqualTo("rule");
  }

  @Test
  void anEventQuerysEventTimedWithoutTimestampTakesTheAlertsFirstEventTimeAsItsOriginalTime() {
    String dated = "{\"date\":1772438400.123,\"process\":{\"name\":\"whoami\"}}";

    ObjectNode alert = ElasticAlerts.of(alert(RuleSummary.EVENT, null, dated), JSON).get(0);

    assertThat(alert.get("kibana.alert.original_time").asString()).isEqualTo("2026-03-02T08:00:00.123Z");
  }

  @Test
  void aBuildingBlockRulesEventQueryAlertIsMarked() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(RuleSummary.EVENT, "default", START), JSON);

    assertThat(documents).singleElement().satisfies(alert ->
        assertThat(alert.get("kibana.alert.building_block_type").asString()).isEqualTo("default"));
  }

  @Test
  void aSequencesAlertIsAShellAndABuildingBlockPerEventInOneGroup() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(RuleSummary.SEQUENCE, null, START, CONNECTION), JSON);

    assertThat(documents).hasSize(3);
    assertThat(documents).allSatisfy(document ->
        assertThat(document.get("kibana.alert.group.id").asString()).isEqualTo("a1"));
    ObjectNode shell = documents.get(0);
    assertThat(shell.get("kibana.alert.uuid").asString()).isEqualTo("a1");
    assertThat(shell.has("kibana.alert.building_block_type")).isFalse();
    assertThat(shell.get("kibana.alert.ancestors")).hasSize(2);
    assertThat(documents.subList(1, 3)).allSatisfy(block ->
        assertThat(block.get("kibana.alert.building_block_type").asString()).isEqualTo("default"));
    assertThat(documents.get(2).get("kibana.alert.group.index").asInt()).isEqualTo(1);
  }

  @Test
  void eachEventsFieldsOfEventAreCopiedFlatUnderOriginalEventWhetherNestedOrDotted() {
    String dotted = "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"event.kind\":\"event\",\"event.action\":\"exec\","
        + "\"event\":{\"risk\":{\"score\":5},\"action\":\"ignored, named first dotted\"}}";

    ObjectNode alert = ElasticAlerts.of(alert(RuleSummary.EVENT, null, dotted), JSON).get(0);

    assertThat(alert.get("kibana.alert.original_event.kind").asString()).isEqualTo("event");
    assertThat(alert.get("kibana.alert.original_event.action").asString()).isEqualTo("exec");
    assertThat(alert.get("kibana.alert.original_event.risk.score").asInt()).isEqualTo(5);
    assertThat(alert.get("event.kind").asString()).isEqualTo("signal");
  }

  @Test
  void aSequencesShellCarriesTheOriginalEventFieldsItsBlocksShare() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(RuleSummary.SEQUENCE, null, START, CONNECTION), JSON);

    ObjectNode shell = documents.get(0);
    assertThat(shell.get("kibana.alert.original_event.kind").asString()).isEqualTo("event");
    assertThat(shell.has("kibana.alert.original_event.id")).as("the events' ids differ").isFalse();
    assertThat(documents.get(1).get("kibana.alert.original_event.id").asString()).isEqualTo("e1");
    assertThat(documents.get(2).get("kibana.alert.original_event.id").asString()).isEqualTo("e2");
  }

  @Test
  void aSamplesAlertIsGroupedAsASequencesIs() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(RuleSummary.SAMPLE, null, START, CONNECTION), JSON);

    assertThat(documents).hasSize(3).allSatisfy(document ->
        assertThat(document.get("kibana.alert.group.id").asString()).isEqualTo("a1"));
  }

  @Test
  void anAlertStoredBeforeItsQueryTypeWasRecordedKeepsTheGroupShape() {
    List<ObjectNode> documents = ElasticAlerts.of(alert(null, null, START), JSON);

    assertThat(documents).hasSize(2).allSatisfy(document ->
        assertThat(document.get("kibana.alert.group.id").asString()).isEqualTo("a1"));
  }

  private static Alert alert(String queryType, String buildingBlockType, String... events) {
    List<JsonNode> trees = Arrays.stream(events).map(JSON::readTree).toList();
    RuleSummary rule = new RuleSummary("rule", "A rule", 1, "high", 73, List.of(), buildingBlockType, queryType);
    return new Alert("a1", null, rule, Map.of(), Instant.parse("2026-03-02T08:00:00.123Z"),
        Instant.parse("2026-03-02T08:00:01Z"), DETECTED, "A rule.", null, null, trees);
  }
}
