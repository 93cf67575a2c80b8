package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.RawJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert's events go out as their senders wrote them, and everything read from them (the
 * reason, the host, the Elastic documents) is what reading their trees gives.
 */
class RawEventTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final String DOCUMENT = "{ \"@timestamp\":\"2026-03-02T08:00:00Z\",\"z\":1.50,"
      + "\"process\" : {\"name\":\"caf\\u00e9\",\"parent\":{\"name\":\"bash\"}},\"host.id\":\"h1\","
      + "\"destination\":{\"ip\":\"10.0.0.1\",\"port\":4444},\"event\":{\"action\":\"connection_attempted\"}}";

  @Test
  void anEventIsWrittenByteForByteAsBytesAndAsText() {
    byte[] document = DOCUMENT.getBytes(StandardCharsets.UTF_8);
    byte[] padded = ("[" + DOCUMENT + "]").getBytes(StandardCharsets.UTF_8);
    Alert alert = alert(List.of(RawEvent.node(new RawJson(padded, 1, document.length))));

    String asBytes = new String(JSON.writeValueAsBytes(alert), StandardCharsets.UTF_8);
    String asText = JSON.writeValueAsString(alert);

    assertThat(asBytes).contains("\"events\":[" + DOCUMENT + "]").isEqualTo(asText);
  }

  @Test
  void anAlertReadBackHoldsTheTreesOfItsEvents() {
    Alert alert = alert(List.of(RawEvent.node(raw(DOCUMENT))));

    Alert read = JSON.readValue(JSON.writeValueAsBytes(alert), Alert.class);

    assertThat(read.events()).containsExactly(JSON.readTree(DOCUMENT));
    assertThat(RawEvent.tree(alert.events().get(0), JSON)).isEqualTo(JSON.readTree(DOCUMENT));
  }

  @Test
  void theElasticDocumentsOfRawAndOfParsedEventsAreTheSame() {
    Alert raw = alert(List.of(RawEvent.node(raw(DOCUMENT))));
    Alert parsed = alert(List.of(JSON.readTree(DOCUMENT)));

    assertThat(ElasticAlerts.of(raw, JSON)).isEqualTo(ElasticAlerts.of(parsed, JSON));
  }

  @Test
  void theReasonNamesHostSteps() {
    assertThat(Reasons.of("Reverse shell", List.of(RawEvent.node(raw(DOCUMENT))), JSON))
        .isEqualTo("Reverse shell on h1: café connected to 10.0.0.1:4444.");
  }

  @Property(tries = 500)
  void theReasonFromRawEventsIsTheReasonFromTheirTrees(@ForAll("documents") List<String> documents) {
    List<JsonNode> raw = documents.stream().map(document -> RawEvent.node(raw(document))).toList();
    List<JsonNode> trees = documents.stream().map(JSON::readTree).toList();

    assertThat(Reasons.of("Rule", raw, JSON)).isEqualTo(Reasons.of("Rule", trees, JSON));
    assertThat(Reasons.first(raw.get(0), JSON, "host.id")).isEqualTo(Reasons.first(trees.get(0), JSON, "host.id"));
  }

  /**
   * Events whose reason fields each come nested or dotted at any split, as a scalar, an array or
   * null, beside members no reason reads; each field in one form only, as real events have them.
   */
  @Provide
  Arbitrary<List<String>> documents() {
    List<String> fields = List.of("host.name", "host.id", "process.executable", "process.name",
        "process.parent.name", "destination.ip", "destination.port", "event.action");
    Arbitrary<Member> member = Combinators.combine(Arbitraries.of(fields), Arbitraries.integers().between(0, 7),
        Arbitraries.of("\"bash\"", "\"connection_accepted\"", "4444", "null", "[\"a\",\"b\"]", "[]", "[{\"x\":1}]",
            "true", "\"\\u00e9\\\"q\"")).as((field, split, value) -> new Member(field, nest(field, split, value)));
    Arbitrary<String> noise = Arbitraries.of("\"user\":{\"name\":\"root\",\"id\":[1,2]}", "\"process.args\":[\"-c\"]",
        "\"hostname\":\"x\"", "\"process\":{\"pid\":7}");
    Arbitrary<String> document = Combinators.combine(member.list().ofMaxSize(6), noise.list().ofMaxSize(2))
        .as((members, extra) -> {
          List<String> all = new ArrayList<>();
          Set<String> names = new HashSet<>();
          Set<String> tops = new HashSet<>();
          for (String json : extra) {
            if (tops.add(top(json))) {
              all.add(json);
            }
          }
          for (Member m : members) {
            if (!names.contains(m.field()) && !tops.contains(top(m.json()))) {
              names.add(m.field());
              tops.add(top(m.json()));
              all.add(m.json());
            }
          }
          return "{" + String.join(",", all) + "}";
        });
    return document.list().ofMinSize(1).ofMaxSize(3);
  }

  private record Member(String field, String json) {
  }

  private static String top(String member) {
    return member.substring(1, member.indexOf('"', 1));
  }

  /** {@code field} with {@code value}, nested at the dots {@code split} picks (bit i: nest at dot i). */
  private static String nest(String field, int split, String value) {
    String[] parts = field.split("\\.");
    StringBuilder name = new StringBuilder(parts[0]);
    List<String> levels = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if ((split >> (i - 1) & 1) == 1) {
        levels.add(name.toString());
        name = new StringBuilder(parts[i]);
      } else {
        name.append('.').append(parts[i]);
      }
    }
    levels.add(name.toString());
    String json = value;
    for (int i = levels.size() - 1; i >= 0; i--) {
      json = "\"" + levels.get(i) + "\":" + json;
      if (i > 0) {
        json = "{" + json + "}";
      }
    }
    return json;
  }

  private static RawJson raw(String document) {
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    return new RawJson(bytes, 0, bytes.length);
  }

  private static Alert alert(List<JsonNode> events) {
    Instant at = Instant.parse("2026-03-02T08:00:00Z");
    RuleSummary rule = new RuleSummary("rule", "A rule", 1, "high", 73, List.of(), null, null);
    return new Alert("a1", null, rule, Map.of(), at, at, at,
        "A rule.", null, null, events);
  }
}
