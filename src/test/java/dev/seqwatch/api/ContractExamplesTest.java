package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/** The request examples Swagger UI offers do what their summaries say when sent as they are. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ContractExamplesTest extends ApiTestSupport {

  private JsonNode example(String path, String mediaType, String name) {
    JsonNode body = get("/v3/api-docs").json().get("paths").get(path).get("post").get("requestBody");
    return body.get("content").get(mediaType).get("examples").get(name).get("value");
  }

  @Test
  void theBatchExampleRaisesTheReverseShellAlert() {
    Reply verdict = post("/api/v1/events", "application/json",
        JSON.writeValueAsString(example("/api/v1/events", "application/json", "reverse-shell chain")));

    assertThat(verdict.status()).as(verdict.body()).isEqualTo(200);
    assertThat(verdict.json().get("alerts")).hasSize(1);
    assertThat(verdict.json().get("alerts").get(0).get("rule").get("name").asString())
        .isEqualTo("Potential Reverse Shell via Suspicious Binary");
  }

  @Test
  void theNdjsonAndBulkExamplesAreAcceptedWhole() {
    Reply ndjson = post("/api/v1/events", "application/x-ndjson",
        example("/api/v1/events", "application/x-ndjson", "reverse-shell chain").asString());
    Reply bulk = post("/_bulk", "application/x-ndjson",
        example("/_bulk", "application/x-ndjson", "reverse-shell chain").asString().getBytes(StandardCharsets.UTF_8));

    assertThat(ndjson.json().get("accepted").asInt()).isEqualTo(3);
    assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    assertThat(bulk.json().get("errors").asBoolean()).isFalse();
    assertThat(bulk.json().get("items")).hasSize(3);
  }

  @Test
  void theSearchExamplesFindWhatTheySay() {
    JsonNode event = post("/api/v1/eql/search", "application/json",
        JSON.writeValueAsString(example("/api/v1/eql/search", "application/json", "event query"))).json();
    JsonNode sequence = post("/api/v1/eql/search", "application/json",
        JSON.writeValueAsString(example("/api/v1/eql/search", "application/json", "sequence"))).json();

    assertThat(event.get("hits").get("events")).hasSize(1);
    assertThat(sequence.get("hits").get("sequences")).hasSize(1);
    assertThat(sequence.get("hits").get("sequences").get(0).get("events")).hasSize(3);
  }
}
