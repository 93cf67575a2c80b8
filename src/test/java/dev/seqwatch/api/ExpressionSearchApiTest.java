package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Functions, date comparisons and a user's mapping through {@code POST /api/v1/eql/search}, as an
 * analyst checking fidelity with Elasticsearch would try them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "seqwatch.mappings=src/test/resources/mappings/app-template.json")
class ExpressionSearchApiTest extends ApiTestSupport {

  private static final List<String> EVENTS = List.of(
      "{\"@timestamp\":\"2017-08-30T20:47:33Z\",\"event\":{\"id\":\"1\",\"category\":\"process\"},"
          + "\"process\":{\"name\":\"cmd.exe\",\"pid\":4},\"app\":{\"version\":\"1.10.0\"},\"status\":null}",
      "{\"@timestamp\":\"2017-08-30T20:47:34.500Z\",\"event\":{\"id\":\"2\",\"category\":\"process\"},"
          + "\"process\":{\"name\":\"EXPLORER.EXE\",\"pid\":\"5\"},\"app\":{\"version\":\"1.2.4-beta\"}}",
      "{\"@timestamp\":1504126055000,\"event\":{\"id\":\"3\",\"category\":\"network\"},"
          + "\"source\":{\"ip\":[\"8.8.8.8\",\"10.1.2.3\"]},\"app\":{\"version\":\"1.2.4\"}}");

  private Reply search(String query) {
    ObjectNode request = JSON.createObjectNode().put("query", query);
    EVENTS.forEach(event -> request.withArray("events").add(JSON.readTree(event)));
    return post("/api/v1/eql/search", "application/json", JSON.writeValueAsString(request));
  }

  private List<String> ids(String query) {
    Reply reply = search(query);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode events = reply.json().get("hits").get("events");
    return events.valueStream().map(hit -> hit.get("_id").asString()).toList();
  }

  @Test
  void timestampsCompareWithIsoStringsAndEpochMilliseconds() {
    assertThat(ids("any where @timestamp == \"2017-08-30T20:47:33Z\"")).containsExactly("1");
    assertThat(ids("any where @timestamp == \"2017-08-30T20:47:33.000Z\"")).containsExactly("1");
    assertThat(ids("any where @timestamp > 1504126053000")).containsExactly("2", "3");
    assertThat(ids("any where @timestamp < \"2017-08-30T20:47:34Z\"")).containsExactly("1");
    assertThat(ids("any where 1504126055000 <= @timestamp")).containsExactly("3");
  }

  @Test
  void functionsAndArithmeticAnswerAsElasticsearchDoes() {
    assertThat(ids("process where endsWith~(process.name, \".exe\")")).containsExactly("1", "2");
    assertThat(ids("process where startsWith(process.name, \"cmd\")")).containsExactly("1");
    assertThat(ids("process where process.pid * 2 == 10")).containsExactly("2");
    assertThat(ids("process where length(process.name) > 7 and indexOf~(process.name, \"plorer\") == 2"))
        .containsExactly("2");
    assertThat(ids("network where cidrMatch(source.ip, \"10.0.0.0/8\")")).containsExactly("3");
    assertThat(ids("any where concat(event.id, \"-\", process.pid) == \"1-4\"")).containsExactly("1");
  }

  @Test
  void aUserMappingGivesVersionOrderAndNullValue() {
    assertThat(ids("any where app.version > \"1.2.4\"")).containsExactly("1");
    assertThat(ids("any where app.version < \"1.2.4\"")).containsExactly("2");
    assertThat(ids("any where status == \"NONE\"")).containsExactly("1");
  }

  /**
   * The request's events and the mappings are the whole index, so an optional field that none of
   * them has is Elasticsearch's missing optional field: null, equal only to null (§16).
   */
  @Test
  void anOptionalFieldInNoEventAndNoMappingIsNull() {
    assertThat(ids("any where ?nowhere == ?elsewhere")).containsExactly("1", "2", "3");
    assertThat(ids("any where ?nowhere == null")).containsExactly("1", "2", "3");
    assertThat(ids("any where ?nowhere != \"x\"")).isEmpty();
    assertThat(ids("any where ?nowhere : \"x*\"")).isEmpty();
    assertThat(ids("any where length(?nowhere) == null")).containsExactly("1", "2", "3");
    assertThat(ids("any where ?nowhere")).isEmpty();
  }

  @Test
  void anOptionalFieldThatSomeEventHasIsThatField() {
    assertThat(ids("any where ?process.name != \"cmd.exe\"")).containsExactly("2", "3");
    assertThat(ids("any where ?source.ip == ?process.name")).isEmpty();
  }

  @Test
  void aFunctionThatFailsOnAnEventIs400NamingItAndItsPosition() {
    Reply reply = search("any where number(process.name) == 1");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().get("type").asString()).endsWith("/eql-evaluation-error");
    assertThat(reply.json().get("function").asString()).isEqualTo("number");
    assertThat(reply.json().get("argument").asString()).isEqualTo("process.name");
    assertThat(reply.json().get("line").asInt()).isEqualTo(1);
    assertThat(reply.json().get("column").asInt()).isEqualTo(11);
    assertThat(reply.json().get("detail").asString()).contains("Unable to convert [cmd.exe] to number of base [10]");
  }

  @Test
  void anArgumentOfTheWrongTypeIs400AtItsPosition() {
    Reply reply = search("any where length(process.pid) > 1");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("type").asString()).endsWith("/invalid-eql");
    assertThat(reply.json().get("column").asInt()).isEqualTo(18);
  }
}
