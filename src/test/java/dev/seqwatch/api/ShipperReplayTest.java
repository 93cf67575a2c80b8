package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * The request sequences real shippers send on start-up and for data, replayed with the headers and
 * fields each of them checks. Each replay sends the first corpus scenario under its own keys and
 * expects its alert in the store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShipperReplayTest extends ApiTestSupport {

  @Autowired
  AlertStore store;

  private HttpResponse<String> shipper(String authorization, String method, String path, String contentType,
      byte[] body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", authorization);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String bulkBody(String tag, boolean withIndex) {
    StringBuilder body = new StringBuilder();
    for (String event : Corpus.scenarios().get(0).events()) {
      body.append(withIndex ? "{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}" : "{\"index\":{}}")
          .append('\n').append(EventsApiTest.rekey(event, tag)).append('\n');
    }
    return body.toString();
  }

  private void assertAlertStored(String tag) {
    List<String> expected = Corpus.scenarios().get(0).expected().get(0).stream().map(id -> id + tag).toList();
    assertThat(store.list(new dev.seqwatch.alert.AlertQuery(null, null, null, null), null, 10_000))
        .anySatisfy(alert -> assertThat(EventsApiTest.chainOf(JSON.valueToTree(alert))).isEqualTo(expected));
  }

  private static void assertBulkAccepted(HttpResponse<String> response, int items) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    assertThat(response.body()).contains("\"errors\":false").doesNotContain("\"errors\":true");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("items")).hasSize(items);
    body.get("items").forEach(item -> assertThat(item.values().iterator().next().get("status").asInt()).isEqualTo(201));
  }

  @Test
  void filebeat() throws Exception {
    // Filebeat's api_key: "id:secret" is sent base64-encoded, as Elasticsearch expects.
    String auth = "ApiKey " + java.util.Base64.getEncoder().encodeToString(TestKeys.INGEST.idAndSecret().getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> root = shipper(auth, "GET", "/", null, null, "User-Agent", "Go-http-client/1.1");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    assertThat(JSON.readTree(root.body()).get("version").get("number").asString()).startsWith("8.");
    JsonNode license = JSON.readTree(shipper(auth, "GET", "/_license", null, null).body());
    assertThat(license.get("license").get("type").asString()).isEqualTo("basic");
    assertThat(license.get("license").get("status").asString()).isEqualTo("active");

    HttpResponse<String> bulk = shipper(auth, "POST", "/_bulk", "application/json",
        bulkBody("-filebeat", true).getBytes(StandardCharsets.UTF_8));

    assertBulkAccepted(bulk, Corpus.scenarios().get(0).events().size());
    assertAlertStored("-filebeat");
  }

  @Test
  void vectorElasticsearchSink() throws Exception {
    String auth = TestKeys.basicHeader(TestKeys.BASIC_USER, TestKeys.BASIC_PASSWORD); // auth.strategy: basic
    HttpResponse<String> root = shipper(auth, "GET", "/", null, null);
    assertThat(JSON.readTree(root.body()).get("version").get("number").asString()).matches("\\d+\\.\\d+\\.\\d+");
    HttpResponse<String> health = shipper(auth, "GET", "/_cluster/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("green");

    HttpResponse<String> bulk = shipper(auth, "POST", "/logs-endpoint.events.process-default/_bulk",
        "application/x-ndjson", gzip(bulkBody("-vector", false).getBytes(StandardCharsets.UTF_8)),
        "Content-Encoding", "gzip");

    assertBulkAccepted(bulk, Corpus.scenarios().get(0).events().size());
    assertThat(JSON.readTree(bulk.body()).get("items").get(0).get("index").get("_index").asString())
        .isEqualTo("logs-endpoint.events.process-default");
    assertAlertStored("-vector");
  }

  @Test
  void fluentBitEsOutput() throws Exception {
    String auth = TestKeys.basicHeader(TestKeys.BASIC_USER, TestKeys.BASIC_PASSWORD); // HTTP_User, HTTP_Passwd
    HttpResponse<String> bulk = shipper(auth, "POST", "/_bulk", "application/x-ndjson",
        bulkBody("-fluentbit", true).getBytes(StandardCharsets.UTF_8));

    assertBulkAccepted(bulk, Corpus.scenarios().get(0).events().size());
    assertAlertStored("-fluentbit");
  }

  @Test
  void logstashElasticsearchOutput() throws Exception {
    String auth = TestKeys.INGEST.header(); // api_key => "id:secret"
    HttpResponse<String> head = shipper(auth, "HEAD", "/", null, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    assertThat(JSON.readTree(shipper(auth, "GET", "/", null, null).body()).get("version").get("build_flavor").asString())
        .isEqualTo("default");
    assertThat(shipper(auth, "GET", "/_license", null, null).statusCode()).isEqualTo(200);
    assertThat(shipper(auth, "HEAD", "/_index_template/ecs-logstash", null, null).statusCode()).isEqualTo(200);
    assertThat(shipper(auth, "PUT", "/_index_template/ecs-logstash", "application/json", "{}".getBytes()).body())
        .contains("\"acknowledged\":true");

    HttpResponse<String> bulk = shipper(auth, "POST", "/_bulk", "application/json",
        bulkBody("-logstash", true).getBytes(StandardCharsets.UTF_8));

    assertBulkAccepted(bulk, Corpus.scenarios().get(0).events().size());
    assertAlertStored("-logstash");
  }

  @Test
  void logstashHttpOutputSendsOneEventPerRequestInParallel() throws Exception {
    List<String> events = Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-logstash-http")).toList();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0; i--) {
      replies.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
          .header("Content-Type", "application/json")
          .header("X-API-Key", TestKeys.INGEST.key())
          .POST(HttpRequest.BodyPublishers.ofString(events.get(i))).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (var reply : replies) {
      assertThat(reply.get().statusCode()).isEqualTo(200);
    }

    assertAlertStored("-logstash-http");
  }

  @Test
  void malformedBulkBodies() throws Exception {
    String auth = TestKeys.INGEST.header();
    String event = EventsApiTest.rekey(Corpus.scenarios().get(0).events().get(0), "-malformed");

    HttpResponse<String> oddLines = shipper(auth, "POST", "/_bulk", "application/x-ndjson",
        ("{\"index\":{\"_index\":\"logs\"}}\n" + event + "\n{\"index\":{\"_index\":\"logs\"}}\n").getBytes());
    HttpResponse<String> badAction = shipper(auth, "POST", "/_bulk", "application/x-ndjson",
        ("{\"index\":{\"_index\":\"logs\"}\n" + event + "\n").getBytes());
    HttpResponse<String> mixed = shipper(auth, "POST", "/_bulk", "application/x-ndjson",
        ("{\"index\":{\"_index\":\"logs\",\"_id\":\"1\"}}\n{\"@timestamp\": }\n"
            + "{\"create\":{\"_index\":\"logs\",\"_id\":\"2\"}}\n" + event + "\n"
            + "{\"update\":{\"_index\":\"logs\",\"_id\":\"3\"}}\n{\"doc\":{}}\n"
            + "{\"delete\":{\"_index\":\"logs\",\"_id\":\"4\"}}\n"
            + "{\"index\":{\"_index\":\"logs\",\"_id\":\"5\"}}\n{\"message\":\"no time\"}\n").getBytes());

    assertThat(oddLines.statusCode()).isEqualTo(400);
    assertThat(oddLines.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(oddLines.body()).get("detail").asString()).contains("has no document");
    assertThat(badAction.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badAction.body()).get("line").asInt()).isEqualTo(1);
    assertThat(mixed.statusCode()).isEqualTo(200);
    assertThat(mixed.body()).contains("\"errors\":true");
    JsonNode items = JSON.readTree(mixed.body()).get("items");
    assertThat(items).hasSize(5);
    assertThat(items.get(0).get("index").get("status").asInt()).isEqualTo(400);
    assertThat(items.get(0).get("index").get("error").get("type").asString()).isEqualTo("document_parsing_exception");
    assertThat(items.get(1).get("create").get("status").asInt()).isEqualTo(201);
    assertThat(items.get(1).get("create").get("_id").asString()).isEqualTo("2");
    assertThat(items.get(2).get("update").get("status").asInt()).isEqualTo(400);
    assertThat(items.get(3).get("delete").get("status").asInt()).isEqualTo(400);
    assertThat(items.get(4).get("index").get("error").get("reason").asString()).isEqualTo("missing @timestamp");
  }
}
