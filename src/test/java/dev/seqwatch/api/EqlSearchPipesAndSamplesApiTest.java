package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code | head}, {@code | tail}, {@code size} and {@code sample} through {@code POST /api/v1/eql/search}. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EqlSearchPipesAndSamplesApiTest extends ApiTestSupport {

  /** Seven matching events e1..e7, one second apart, sent newest first. */
  private static List<String> sevenEvents() {
    List<String> events = new ArrayList<>();
    for (int i = 7; i >= 1; i--) {
      events.add("{\"@timestamp\":\"2026-01-01T00:00:0" + i + "Z\",\"event\":{\"id\":\"e" + i + "\"},\"kind\":\"x\"}");
    }
    return events;
  }

  private Reply search(String query, List<String> events, String extra) {
    return post("/api/v1/eql/search", "application/json", "{\"query\":" + JSON.writeValueAsString(query)
        + ",\"events\":[" + String.join(",", events) + "]" + extra + "}");
  }

  private static List<String> eventIds(JsonNode reply) {
    List<String> ids = new ArrayList<>();
    reply.get("hits").get("events").forEach(hit -> ids.add(hit.get("_id").asString()));
    return ids;
  }

  private static List<List<String>> sequenceIds(JsonNode reply) {
    List<List<String>> sequences = new ArrayList<>();
    reply.get("hits").get("sequences").forEach(sequence -> {
      List<String> ids = new ArrayList<>();
      sequence.get("events").forEach(hit -> ids.add(hit.get("_id").asString()));
      sequences.add(ids);
    });
    return sequences;
  }

  @Test
  void headKeepsTheOldestMatchesAndTailTheNewestBothInAscendingOrder() {
    JsonNode head = search("any where kind == \"x\" | head 2", sevenEvents(), "").json();
    JsonNode tail = search("any where kind == \"x\" | tail 2", sevenEvents(), "").json();

    assertThat(eventIds(head)).containsExactly("e1", "e2");
    assertThat(head.get("hits").get("total").get("value").asInt()).isEqualTo(2);
    assertThat(eventIds(tail)).containsExactly("e6", "e7");
  }

  @Test
  void sizeBoundsTheFirstPipeAndPipesInARowNarrowEachOther() {
    assertThat(eventIds(search("any where true | head 5", sevenEvents(), ",\"size\":3").json()))
        .containsExactly("e1", "e2", "e3");
    assertThat(eventIds(search("any where true | tail 5", sevenEvents(), ",\"size\":3").json()))
        .containsExactly("e5", "e6", "e7");
    assertThat(eventIds(search("any where true | head 5 | tail 2", sevenEvents(), "").json()))
        .containsExactly("e4", "e5");
    assertThat(eventIds(search("any where true | tail 5 | head 2 | tail 1", sevenEvents(), "").json()))
        .containsExactly("e4");
    assertThat(eventIds(search("any where true | head 0", sevenEvents(), "").json())).isEmpty();
  }

  @Test
  void resultPositionHeadKeepsTheOldestWhenThereAreNoPipes() {
    assertThat(eventIds(search("any where true", sevenEvents(), ",\"size\":2,\"result_position\":\"head\"").json()))
        .containsExactly("e1", "e2");
    assertThat(eventIds(search("any where true | tail 1", sevenEvents(), ",\"result_position\":\"head\"").json()))
        .containsExactly("e7");
    Reply wrong = search("any where true", sevenEvents(), ",\"result_position\":\"middle\"");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("parameter").asString()).isEqualTo("result_position");
  }

  @Test
  void withFewerMatchesThanTheWindowAnEventSearchSkipsLikeElasticsearchsFromAndSize() {
    List<String> four = sevenEvents().subList(3, 7);

    assertThat(eventIds(search("any where true | head 5 | tail 2", four, "").json())).containsExactly("e4");
  }

  /** Three sequences a-b on keys k1 (t 1,2), k2 (t 3,4), k3 (t 5,6). */
  private static List<String> threeSequences() {
    List<String> events = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      events.add("{\"@timestamp\":" + (2 * k - 1) + ",\"event\":{\"id\":\"a" + k + "\"},\"k\":\"k" + k + "\",\"s\":\"a\"}");
      events.add("{\"@timestamp\":" + (2 * k) + ",\"event\":{\"id\":\"b" + k + "\"},\"k\":\"k" + k + "\",\"s\":\"b\"}");
    }
    return events;
  }

  @Test
  void headAndTailCountSequencesAndSizeTheDefaultTail() {
    String sequence = "sequence by k [any where s == \"a\"] [any where s == \"b\"]";

    assertThat(sequenceIds(search(sequence + " | head 1", threeSequences(), "").json()))
        .containsExactly(List.of("a1", "b1"));
    assertThat(sequenceIds(search(sequence + " | tail 2", threeSequences(), "").json()))
        .containsExactly(List.of("a2", "b2"), List.of("a3", "b3"));
    assertThat(sequenceIds(search(sequence, threeSequences(), ",\"size\":1").json()))
        .containsExactly(List.of("a3", "b3"));
    JsonNode headThenTail = search(sequence + " | head 2 | tail 1", threeSequences(), ",\"size\":10").json();
    assertThat(sequenceIds(headThenTail)).containsExactly(List.of("a2", "b2"));
    assertThat(headThenTail.get("hits").get("total").get("value").asInt()).isEqualTo(1);
    assertThat(headThenTail.get("hits").get("sequences").get(0).get("join_keys").get(0).asString()).isEqualTo("k2");
  }

  @Test
  void aSampleAnswersInSequencesWithMaxSamplesPerKeyInAscendingKeyOrder() {
    List<String> events = List.of(
        "{\"@timestamp\":1,\"event\":{\"id\":\"l-b\"},\"host\":\"b\",\"kind\":\"login\"}",
        "{\"@timestamp\":2,\"event\":{\"id\":\"s-b\"},\"host\":\"b\",\"kind\":\"sudo\"}",
        "{\"@timestamp\":3,\"event\":{\"id\":\"l-a1\"},\"host\":\"a\",\"kind\":\"login\"}",
        "{\"@timestamp\":4,\"event\":{\"id\":\"l-a2\"},\"host\":\"a\",\"kind\":\"login\"}",
        "{\"@timestamp\":5,\"event\":{\"id\":\"s-a\"},\"host\":\"a\",\"kind\":\"sudo\"}");
    String sample = "sample by host [any where kind == \"login\"] [any where kind == \"sudo\"]";

    JsonNode one = search(sample, events, "").json();
    JsonNode two = search(sample, events, ",\"max_samples_per_key\":2").json();
    JsonNode limited = search(sample, events, ",\"max_samples_per_key\":2,\"size\":1").json();

    assertThat(sequenceIds(one)).containsExactly(List.of("l-a1", "s-a"), List.of("l-b", "s-b"));
    assertThat(one.get("hits").get("sequences")).extracting(s -> s.get("join_keys").get(0).asString())
        .containsExactly("a", "b");
    assertThat(sequenceIds(two)).containsExactly(List.of("l-a1", "s-a"), List.of("l-a2", "s-a"), List.of("l-b", "s-b"));
    assertThat(two.get("hits").get("total").get("value").asInt()).isEqualTo(3);
    assertThat(sequenceIds(limited)).containsExactly(List.of("l-a1", "s-a"));
  }

  @Test
  void badPipesAndBadSampleParametersAre400WithWhereAndWhat() {
    Reply negative = search("any where true | head -1", List.of(), "");
    Reply count = search("any where true\n| count", List.of(), "");
    Reply samplePipe = search("sample by h [any where true] [any where true] | tail 2", List.of(), "");
    Reply zeroSamples = search("sample by h [any where true] [any where true]", List.of(), ",\"max_samples_per_key\":0");

    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().get("type").asString()).endsWith("/invalid-eql");
    assertThat(negative.json().get("column").asInt()).isEqualTo(23);
    assertThat(negative.json().get("detail").asString()).contains("pipe | head expects a positive integer or 0");
    assertThat(count.status()).isEqualTo(400);
    assertThat(count.json().get("type").asString()).endsWith("/unsupported-eql");
    assertThat(count.json().get("line").asInt()).isEqualTo(2);
    assertThat(count.json().get("construct").asString()).isEqualTo("pipe | count");
    assertThat(samplePipe.json().get("construct").asString()).isEqualTo("pipes after a sample (| tail)");
    assertThat(zeroSamples.status()).isEqualTo(400);
    assertThat(zeroSamples.json().get("parameter").asString()).isEqualTo("max_samples_per_key");
  }

  @Test
  void theRequestSchemaNamesMaxSamplesPerKey() {
    JsonNode docs = get("/v3/api-docs").json();
    ObjectNode schemas = (ObjectNode) docs.get("components").get("schemas");

    assertThat(schemas.get("SearchRequest").get("properties").has("max_samples_per_key")).isTrue();
  }
}
