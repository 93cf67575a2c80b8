package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import dev.seqwatch.alert.AlertStore;

/**
 * Each bad request is refused whole with a problem+json body that says what and where, and
 * changes nothing: the first two events of a chain are sent, then the bad request carrying the
 * third, then the third alone, which must still complete the chain.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "seqwatch.ingest.max-body-size=1MB", "seqwatch.ingest.max-events-per-batch=100",
    "seqwatch.ingest.max-nesting-depth=32"})
class BadRequestsTest extends ApiTestSupport {

  @Autowired
  AlertStore store;

  private List<String> chain;
  private int last;
  private static int run;

  @BeforeEach
  void everythingBeforeTheLastStage() {
    Corpus.Scenario scenario = Corpus.scenarios().get(0);
    String tag = "-bad" + run++;
    chain = scenario.events().stream().map(event -> EventsApiTest.rekey(event, tag)).toList();
    String lastId = scenario.expected().get(0).get(2) + tag;
    last = 0;
    while (!chain.get(last).contains(lastId)) {
      last++;
    }
    Reply start = post("/api/v1/events", "application/json", "[" + String.join(",", chain.subList(0, last)) + "]");
    assertThat(start.json().get("alerts")).isEmpty();
  }

  private void assertNothingChanged(long alertsBefore) {
    assertThat(store.count()).isEqualTo(alertsBefore);
    Reply rest = post("/api/v1/events", "application/json",
        "[" + String.join(",", chain.subList(last, chain.size())) + "]");
    assertThat(rest.json().get("alerts").size()).isEqualTo(1);
  }

  private static void assertProblem(Reply reply, int status, String type) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().get("type").asString()).isEqualTo("https://seqwatch.dev/problems/" + type);
    assertThat(reply.body()).doesNotContain("Exception", "\tat ", "java.");
  }

  private String third() {
    return chain.get(last);
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    long before = store.count();

    Reply reply = post("/api/v1/events", "application/json", "[" + third() + ",\n {\"@timestamp\": }]");

    assertProblem(reply, 400, "malformed-body");
    assertThat(reply.json().get("line").asInt()).isEqualTo(2);
    assertThat(reply.json().get("column").asInt()).isPositive();
    assertThat(reply.json().get("detail").asString()).contains("line 2");
    assertNothingChanged(before);
  }

  @Test
  void malformedNdjsonNamesTheLine() {
    long before = store.count();

    Reply reply = post("/api/v1/events", "application/x-ndjson", third() + "\n{\"@timestamp\":\"x\"\n");

    assertProblem(reply, 400, "malformed-body");
    assertNothingChanged(before);
  }

  @Test
  void unsupportedContentTypeIs415() {
    long before = store.count();

    Reply reply = post("/api/v1/events", "text/plain", third());

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertNothingChanged(before);
  }

  @Test
  void unknownContentEncodingIs415() {
    long before = store.count();

    Reply reply = post("/api/v1/events", "application/json", third().getBytes(StandardCharsets.UTF_8),
        "Content-Encoding", "br");

    assertProblem(reply, 415, "unsupported-encoding");
    assertNothingChanged(before);
  }

  @Test
  void bodyOverTheLimitIs413() {
    long before = store.count();
    String padding = "x".repeat(1_100_000);

    Reply reply = post("/api/v1/events", "application/json",
        "[" + third() + ",{\"@timestamp\":0,\"pad\":\"" + padding + "\"}]");

    assertProblem(reply, 413, "body-too-large");
    assertNothingChanged(before);
  }

  @Test
  void gzipBombStopsAtTheLimit() {
    long before = store.count();
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);

    Reply reply = post("/api/v1/events", "application/json", bomb, "Content-Encoding", "gzip");

    assertThat(bomb.length).isLessThan(1_000_000);
    assertProblem(reply, 413, "body-too-large");
    assertNothingChanged(before);
  }

  @Test
  void truncatedGzipIsMalformed() {
    long before = store.count();
    byte[] gzipped = gzip(("[" + third() + "]").getBytes(StandardCharsets.UTF_8));
    byte[] truncated = java.util.Arrays.copyOf(gzipped, gzipped.length / 2);

    Reply reply = post("/api/v1/events", "application/json", truncated, "Content-Encoding", "gzip");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertNothingChanged(before);
  }

  @Test
  void tooManyEventsIs413() {
    long before = store.count();
    StringBuilder body = new StringBuilder("[" + third());
    for (int i = 0; i < 100; i++) {
      body.append(",{\"@timestamp\":0}");
    }

    Reply reply = post("/api/v1/events", "application/json", body.append("]").toString());

    assertProblem(reply, 413, "too-many-events");
    assertNothingChanged(before);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    long before = store.count();
    String deep = "[".repeat(40) + "]".repeat(40);

    Reply reply = post("/api/v1/events", "application/json",
        "[" + third() + ",{\"@timestamp\":0,\"deep\":" + deep + "}]");

    assertProblem(reply, 413, "limit-exceeded");
    assertThat(reply.json().get("detail").asString()).isEqualTo("event 1 nests objects and arrays more than 32 levels"
        + " deep");
    assertThat(reply.json().get("limit").asString()).isEqualTo("seqwatch.ingest.max-nesting-depth");
    assertNothingChanged(before);
  }

  @Test
  void eventsWithTheirOwnProblemsAreRejectedOneByOne() {
    Reply reply = post("/api/v1/events", "application/json",
        "[42, {\"message\":\"no time\"}, {\"@timestamp\":0,\"host\":{\"id\":{\"x\":1}}}, " + third() + "]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(reply.json().get("rejected").toString()).isEqualTo("[{\"index\":0,\"reason\":\"event is not a JSON object\"},"
        + "{\"index\":1,\"reason\":\"missing @timestamp\"},"
        + "{\"index\":2,\"reason\":\"join key host.id is an object, expected a value\"}]");
    assertThat(reply.json().get("alerts").size()).isEqualTo(1);
  }

  @Test
  void unknownPathsAndAlertsAre404ProblemDetails() {
    assertProblem(get("/api/v1/alerts/nope"), 404, "not-found");
    Reply unknown = get("/api/v1/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }
}
