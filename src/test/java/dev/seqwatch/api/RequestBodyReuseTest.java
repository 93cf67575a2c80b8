package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Corpus.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies are read into arrays kept between requests: a body reads only its own bytes of an
 * array an earlier, longer body used, and concurrent requests never share one. Every alert is
 * checked by the ids of its events, which come from the documents the engine copied out of the
 * body, in the response and in the store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestBodyReuseTest extends ApiTestSupport {

  /** The default of {@code seqwatch.ingest.socket-read-buffer}, which this test leaves alone. */
  private static final int SOCKET_READ_BUFFER = 128 * 1024;

  @Autowired
  private ServletWebServerApplicationContext server;

  private static final Scenario SCENARIO = Corpus.scenarios().stream()
      .filter(scenario -> !scenario.expected().isEmpty()).findFirst().orElseThrow();

  @Test
  void aShortBodyAfterALongOneReadsOnlyItsOwnBytes() {
    List<String> longBody = new ArrayList<>();
    for (String tag : List.of("-long-a", "-long-b", "-long-c", "-long-d")) {
      longBody.addAll(tagged(tag));
    }
    Reply first = post("/api/v1/events", "application/x-ndjson", String.join("\n", longBody) + "\n");
    Reply second = post("/api/v1/events", "application/x-ndjson", String.join("\n", tagged("-short")) + "\n");
    Reply bulk = post("/_bulk", "application/x-ndjson", bulk(tagged("-bulk")));

    assertThat(first.json().get("accepted").asInt()).isEqualTo(longBody.size());
    assertThat(second.json().get("accepted").asInt()).isEqualTo(SCENARIO.events().size());
    assertThat(EventsApiTest.chains(second.json().get("alerts"))).containsExactlyInAnyOrderElementsOf(expected("-short"));
    assertThat(bulk.json().get("errors").asBoolean()).isFalse();
    assertThat(bulk.json().get("items")).hasSize(SCENARIO.events().size());
  }

  @Test
  void aBodyOfManySocketReadsArrivesWhole() {
    List<String> events = new ArrayList<>();
    List<List<String>> chains = new ArrayList<>();
    int length = 0;
    // Many times the socket read buffer, so that the body comes in many reads.
    for (int copy = 0; length < 4 * SOCKET_READ_BUFFER; copy++) {
      String tag = "-big-" + copy;
      for (String event : tagged(tag)) {
        events.add(event);
        length += event.length() + 1;
      }
      chains.addAll(expected(tag));
    }

    Reply reply = post("/api/v1/events", "application/x-ndjson", String.join("\n", events) + "\n");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(events.size());
    assertThat(EventsApiTest.chains(reply.json().get("alerts"))).containsExactlyInAnyOrderElementsOf(chains);
  }

  @Test
  void theServerReadsABodyInSocketReadsOfTheConfiguredSize() {
    Connector connector = ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector();

    assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize")))
        .isEqualTo(String.valueOf(SOCKET_READ_BUFFER));
  }

  @Test
  void concurrentRequestsEachReadTheirOwnBody() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> posts = new ArrayList<>();
      for (int client = 0; client < 4; client++) {
        for (int round = 0; round < 10; round++) {
          String tag = "-c" + client + "-r" + round;
          boolean gzip = round % 2 == 1;
          posts.add(clients.submit(() -> postAndCheck(tag, gzip)));
        }
      }
      for (Future<?> post : posts) {
        post.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private void postAndCheck(String tag, boolean gzip) {
    byte[] body = (String.join("\n", tagged(tag)) + "\n").getBytes(StandardCharsets.UTF_8);
    Reply reply = gzip
        ? post("/api/v1/events", "application/x-ndjson", gzip(body), "Content-Encoding", "gzip")
        : post("/api/v1/events", "application/x-ndjson", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode alerts = reply.json().get("alerts");
    assertThat(EventsApiTest.chains(alerts)).as(tag).containsExactlyInAnyOrderElementsOf(expected(tag));
    for (JsonNode alert : alerts) {
      JsonNode stored = get("/api/v1/alerts/" + alert.get("id").asString()).json();
      assertThat(EventsApiTest.chainOf(stored)).as(tag).isEqualTo(EventsApiTest.chainOf(alert));
    }
  }

  private static List<String> tagged(String tag) {
    return SCENARIO.events().stream().map(event -> EventsApiTest.rekey(event, tag)).toList();
  }

  private static List<List<String>> expected(String tag) {
    return SCENARIO.expected().stream().map(chain -> chain.stream().map(id -> id + tag).toList()).toList();
  }

  private static String bulk(List<String> events) {
    StringBuilder body = new StringBuilder();
    for (String event : events) {
      body.append("{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n").append(event).append('\n');
    }
    return body.toString();
  }
}
