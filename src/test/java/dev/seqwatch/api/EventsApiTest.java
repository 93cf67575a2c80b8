package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Corpus.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.seqwatch.alert.AlertStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every corpus scenario posted to the running server as a JSON array, as NDJSON and as gzipped
 * NDJSON: the expected chains come back in the response, are stored, and a re-post creates
 * nothing new. Each delivery re-keys the scenario (host.id and event.id get a suffix) so that the
 * deliveries share one server without sharing state.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EventsApiTest extends ApiTestSupport {

  @Autowired
  AlertStore store;

  enum Delivery { JSON_ARRAY, NDJSON, GZIP_NDJSON }

  static Stream<Arguments> deliveries() {
    return Corpus.scenarios().stream()
        .flatMap(scenario -> Stream.of(Delivery.values()).map(delivery -> Arguments.of(scenario, delivery)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("deliveries")
  void expectedChainsComeBackAreStoredAndAreNotStoredTwice(Scenario scenario, Delivery delivery) {
    String tag = "-" + delivery.name().toLowerCase();
    List<String> events = scenario.events().stream().map(event -> rekey(event, tag)).toList();

    Reply first = send(events, delivery);
    long storedAlerts = store.count();
    Reply again = send(events, delivery);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode verdict = first.json();
    assertThat(verdict.get("accepted").asInt()).isEqualTo(events.size());
    assertThat(verdict.get("rejected")).isEmpty();
    assertThat(verdict.get("alerts_over_limit").asInt()).isZero();
    List<List<String>> expected = scenario.expected().stream()
        .map(chain -> chain.stream().map(id -> id + tag).toList()).toList();
    assertThat(chains(verdict.get("alerts"))).containsExactlyInAnyOrderElementsOf(expected);
    verdict.get("alerts").forEach(alert -> {
      assertThat(alert.get("new").asBoolean()).isTrue();
      Reply stored = get("/api/v1/alerts/" + alert.get("id").asString());
      assertThat(stored.status()).isEqualTo(200);
      assertThat(chains(List.of(stored.json()))).containsExactly(chainOf(alert));
    });
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("alerts")).allSatisfy(alert -> assertThat(alert.get("new").asBoolean()).isFalse());
    assertThat(chains(again.json().get("alerts"))).isSubsetOf(expected);
    assertThat(store.count()).isEqualTo(storedAlerts);
  }

  @org.junit.jupiter.api.Test
  void aLateEventThatRearrangesAReportedChainIsReportedAsARevision() {
    Scenario scenario = Corpus.scenarios().get(0);
    String tag = "-revision";
    List<String> events = scenario.events().stream().map(event -> rekey(event, tag)).toList();
    String firstStageId = scenario.expected().get(0).get(0) + tag;
    String secondStageId = scenario.expected().get(0).get(1) + tag;
    ObjectNode first = (ObjectNode) JSON.readTree(events.stream().filter(e -> e.contains(firstStageId)).findFirst().orElseThrow());
    ObjectNode second = (ObjectNode) JSON.readTree(events.stream().filter(e -> e.contains(secondStageId)).findFirst().orElseThrow());
    java.time.Instant between = java.time.Instant.parse(first.get("@timestamp").asString()).plusMillis(
        (java.time.Instant.parse(second.get("@timestamp").asString()).toEpochMilli()
            - java.time.Instant.parse(first.get("@timestamp").asString()).toEpochMilli()) / 2);
    ObjectNode late = first.deepCopy();
    late.put("@timestamp", between.toString());
    ((ObjectNode) late.get("event")).put("id", "late-stage-1" + tag);
    ((ObjectNode) late.get("event")).remove("sequence");

    JsonNode reported = post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]").json();
    JsonNode revised = post("/api/v1/events", "application/json", "[" + JSON.writeValueAsString(late) + "]").json();

    assertThat(reported.get("alerts")).hasSize(1);
    assertThat(revised.get("alerts")).hasSize(1);
    JsonNode revision = revised.get("alerts").get(0);
    assertThat(revision.get("revises").asString()).isEqualTo(reported.get("alerts").get(0).get("id").asString());
    assertThat(chainOf(revision).get(0)).isEqualTo("late-stage-1" + tag);
    assertThat(get("/api/v1/alerts/" + revision.get("id").asString()).json().get("revises").asString())
        .isEqualTo(reported.get("alerts").get(0).get("id").asString());
  }

  private Reply send(List<String> events, Delivery delivery) {
    return switch (delivery) {
      case JSON_ARRAY -> post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]");
      case NDJSON -> post("/api/v1/events", "application/x-ndjson", String.join("\n", events) + "\n");
      case GZIP_NDJSON -> post("/api/v1/events", "application/x-ndjson",
          gzip((String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");
    };
  }

  static String rekey(String document, String tag) {
    ObjectNode event = (ObjectNode) JSON.readTree(document);
    rename(event, "host", "id", tag);
    rename(event, "event", "id", tag);
    return JSON.writeValueAsString(event);
  }

  private static void rename(ObjectNode event, String object, String field, String tag) {
    JsonNode dotted = event.get(object + "." + field);
    if (dotted != null && dotted.isString()) {
      event.put(object + "." + field, dotted.asString() + tag);
    }
    if (event.get(object) instanceof ObjectNode nested && nested.get(field) != null && nested.get(field).isString()) {
      nested.put(field, nested.get(field).asString() + tag);
    }
  }

  static List<List<String>> chains(Iterable<JsonNode> alerts) {
    List<List<String>> chains = new ArrayList<>();
    alerts.forEach(alert -> chains.add(chainOf(alert)));
    return chains;
  }

  static List<String> chainOf(JsonNode alert) {
    List<String> ids = new ArrayList<>();
    alert.get("events").forEach(event -> {
      JsonNode id = event.get("event") != null ? event.get("event").get("id") : event.get("event.id");
      ids.add(id == null ? "" : id.asString()); // other tests' alerts may hold events without an id
    });
    return ids;
  }
}
