package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.seqwatch.alert.AlertStore;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Missing events, runs and multi-valued join keys over HTTP (semantics §3.5, §11, §12): in EQL
 * search, where the end of the events closes every window, and in a loaded rule, whose chain is
 * confirmed by the request whose event moves its host's time past maxspan and the allowed lateness,
 * or, when the host goes quiet, stored when its state expires, outside any request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "seqwatch.rules.path=src/test/resources/rules-missing")
class SequenceConstructsApiTest extends ApiTestSupport {

  private static final String QUIET_HOST = """
      sequence by host.id with maxspan=1m
        [any where event.kind == \\"alert\\"]
        ![any where event.category in (\\"process\\", \\"file\\")]""".replace("\n", "\\n");

  @Autowired
  AlertStore store;

  @Autowired
  ActiveRules active;

  /** The live engine on a clock the tests move, so that a key's state can expire on demand. */
  @TestConfiguration
  static class MovableClock {
    static final FakeTicker TICKER = new FakeTicker();

    @Bean
    @Primary
    Ticker movableTicker() {
      return TICKER;
    }

    @Bean
    @Primary
    Scheduler noScheduler() {
      return Scheduler.disabledScheduler();
    }
  }

  @Test
  void aMultiValuedJoinKeyJoinsUnderEachValueAndEachSequenceNamesItsValue() {
    String events = "["
        + event("t1", "2026-03-01T00:00:00Z", "\"transID\":[\"1234\",\"599999\"],\"stage\":\"open\"") + ","
        + event("t2", "2026-03-01T00:00:01Z", "\"transID\":\"599999\",\"stage\":\"close\"") + ","
        + event("t3", "2026-03-01T00:00:02Z", "\"transID\":[\"1234\",\"1234\"],\"stage\":\"close\"") + "]";

    JsonNode hits = search("sequence by transID [any where stage == \\\"open\\\"] [any where stage == \\\"close\\\"]",
        events).get("hits");

    assertThat(hits.get("total").get("value").asInt()).isEqualTo(2);
    assertThat(hits.get("sequences")).extracting(sequence -> sequence.get("join_keys").get(0).asString() + " "
        + ids(sequence)).containsExactly("599999 [t1, t2]", "1234 [t1, t3]");
  }

  @Test
  void twoMultiValuedKeysGiveTheCartesianProductListedByKey() {
    String events = "["
        + event("r", "2026-03-01T00:00:00Z", "\"tags\":[\"tag4\",\"tag3\"],\"items\":[\"item2\",\"item1\"],\"stage\":\"r\"") + ","
        + event("f", "2026-03-01T00:00:01Z", "\"tags\":[\"tag3\",\"tag4\"],\"items\":[\"item1\",\"item2\"],\"stage\":\"f\"") + "]";

    JsonNode hits = search("sequence by tags, items [any where stage == \\\"r\\\"] [any where stage == \\\"f\\\"]",
        events).get("hits");

    assertThat(hits.get("sequences")).extracting(sequence -> sequence.get("join_keys").toString() + " " + ids(sequence))
        .containsExactly("[\"tag3\",\"item1\"] [r, f]", "[\"tag3\",\"item2\"] [r, f]",
            "[\"tag4\",\"item1\"] [r, f]", "[\"tag4\",\"item2\"] [r, f]");
  }

  @Test
  void aMissingEventStageAnswersWithAPlaceholderAndTheEndOfTheEventsClosesTheWindow() {
    String events = "["
        + event("a1", "2026-03-01T00:00:00Z", "\"host\":{\"id\":\"h1\"},\"event\":{\"id\":\"a1\",\"kind\":\"alert\"}") + ","
        + event("a2", "2026-03-01T00:00:00Z", "\"host\":{\"id\":\"h2\"},\"event\":{\"id\":\"a2\",\"kind\":\"alert\"}") + ","
        + event("p2", "2026-03-01T00:00:30Z", "\"host\":{\"id\":\"h2\"},\"event\":{\"id\":\"p2\",\"category\":\"process\"}")
        + "]";

    JsonNode hits = search(QUIET_HOST, events).get("hits");

    assertThat(hits.get("total").get("value").asInt()).isEqualTo(1);
    JsonNode sequence = hits.get("sequences").get(0);
    assertThat(sequence.get("join_keys").get(0).asString()).isEqualTo("h1");
    assertThat(sequence.get("events")).hasSize(2);
    assertThat(sequence.get("events").get(0).get("_id").asString()).isEqualTo("a1");
    assertThat(sequence.get("events").get(0).has("missing")).isFalse();
    JsonNode placeholder = sequence.get("events").get(1);
    assertThat(placeholder.get("missing").asBoolean()).isTrue();
    assertThat(placeholder.get("_index").asString()).isEmpty();
    assertThat(placeholder.get("_id").asString()).isEmpty();
    assertThat(placeholder.get("_source").isEmpty()).isTrue();
  }

  @Test
  void withRunsRepeatsTheStage() {
    String events = "["
        + event("r1", "2026-03-01T00:00:00Z", "\"user\":\"u\",\"outcome\":\"failure\"") + ","
        + event("r2", "2026-03-01T00:00:01Z", "\"user\":\"u\",\"outcome\":\"failure\"") + ","
        + event("r3", "2026-03-01T00:00:02Z", "\"user\":\"u\",\"outcome\":\"failure\"") + ","
        + event("r4", "2026-03-01T00:00:03Z", "\"user\":\"u\",\"outcome\":\"success\"") + "]";

    JsonNode hits = search("sequence by user with maxspan=10s [any where outcome == \\\"failure\\\"] with runs=3"
        + " [any where outcome == \\\"success\\\"]", events).get("hits");

    assertThat(hits.get("sequences")).extracting(SequenceConstructsApiTest::ids).containsExactly("[r1, r2, r3, r4]");
  }

  @Test
  void runsOutOfRangeAndMissingEventsWithoutMaxspanAre400sWithThePosition() {
    JsonNode tooMany = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"sequence [any where true] with runs=101 [any where true]\",\"events\":[]}").json();
    JsonNode noMaxspan = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"sequence [any where true] ![any where true]\",\"events\":[]}").json();

    assertThat(tooMany.get("status").asInt()).isEqualTo(400);
    assertThat(tooMany.get("detail").asString()).contains("1:37").contains("runs must be between 1 and 100 but found 101");
    assertThat(noMaxspan.get("status").asInt()).isEqualTo(400);
    assertThat(noMaxspan.get("detail").asString()).contains("1:1").contains("needs 'with maxspan='");
  }

  @Test
  void aRuleChainWithAMissingStageIsReportedByTheRequestThatClosesItsWindow() {
    String first = "[" + event("q1", "2026-03-02T00:00:00Z",
        "\"host\":{\"id\":\"quiet\"},\"event\":{\"id\":\"q1\",\"kind\":\"alert\"}") + "]";
    // One minute of maxspan and five seconds of allowed lateness later, on the same host.
    String closing = "[" + event("q2", "2026-03-02T00:01:05.001Z",
        "\"host\":{\"id\":\"quiet\"},\"event\":{\"id\":\"q2\",\"kind\":\"alert\"}") + "]";

    JsonNode opened = post("/api/v1/events", "application/json", first).json();
    JsonNode closed = post("/api/v1/events", "application/json", closing).json();

    assertThat(opened.get("alerts")).isEmpty();
    assertThat(closed.get("alerts")).singleElement().satisfies(alert -> {
      assertThat(alert.get("join_keys").get("host.id").asString()).isEqualTo("quiet");
      assertThat(alert.get("events")).extracting(e -> e.get("event").get("id").asString()).containsExactly("q1");
      assertThat(store.find(alert.get("id").asString())).isPresent();
    });
  }

  @Test
  void aRuleChainConfirmedWhenItsHostGoesQuietIsStoredWithoutARequest() {
    String alert = "[" + event("s1", "2026-03-03T00:00:00Z",
        "\"host\":{\"id\":\"silent\"},\"event\":{\"id\":\"s1\",\"kind\":\"alert\"}") + "]";
    assertThat(post("/api/v1/events", "application/json", alert).json().get("alerts")).isEmpty();

    // Maxspan (1 m) plus lateness (5 s) of wall-clock time without an event for the host.
    MovableClock.TICKER.advance(Duration.ofMinutes(2));
    active.current().engine().cleanUp();

    JsonNode stored = get("/api/v1/alerts?host_id=silent").json().get("alerts");
    assertThat(stored).singleElement().satisfies(found -> {
      assertThat(found.get("rule").get("id").asString()).isEqualTo("quiet-host-after-alert");
      assertThat(found.get("events")).extracting(e -> e.get("event").get("id").asString()).containsExactly("s1");
    });
  }

  private JsonNode search(String query, String events) {
    Reply reply = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"" + query + "\",\"events\":" + events + "}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static String event(String id, String timestamp, String fields) {
    String body = fields.contains("\"event\"") ? fields : "\"event\":{\"id\":\"" + id + "\"}," + fields;
    return "{\"@timestamp\":\"" + timestamp + "\"," + body + "}";
  }

  private static String ids(JsonNode sequence) {
    return List.copyOf(sequence.get("events").valueStream().map(hit -> hit.get("_id").asString()).toList()).toString();
  }
}
