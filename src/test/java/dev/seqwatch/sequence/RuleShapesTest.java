package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule shapes beyond the seed rule: event queries, per-stage keys, no maxspan, several rules. */
class RuleShapesTest {

  @Test
  void anEventQueryReportsEachMatchingEventWithADeterministicId() {
    RuleSet rule = Engines.ruleOf("process where process.name : \"nc*\"");
    String nc = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"id\":\"e1\",\"category\":\"process\"},"
        + "\"process\":{\"name\":\"ncat\"}}";
    String other = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"category\":\"process\"},"
        + "\"process\":{\"name\":\"ls\"}}";

    List<Detection> first = Engines.engine(rule).process(Engines.read(rule, List.of(nc, other)));
    List<Detection> again = Engines.engine(rule).process(Engines.read(rule, List.of(nc)));

    assertThat(first).singleElement().satisfies(detection -> {
      assertThat(detection.events()).extracting(Event::id).containsExactly("e1");
      assertThat(detection.joinKeys()).isEmpty();
    });
    assertThat(again.get(0).id()).isEqualTo(first.get(0).id());
  }

  @Test
  void alertIdsBeginWithTheTimeOfTheDetectionsEarliestEvent() {
    RuleSet event = Engines.ruleOf("process where true");
    RuleSet sequence = Engines.ruleOf("sequence by k [any where s == \"a\"] [any where s == \"b\"]");
    // A sample's events are in filter order: here the first filter's event is the latest.
    RuleSet sample = Engines.ruleOf("sample by k [any where s == \"c\"] [any where s == \"a\"]");
    String a = "{\"@timestamp\":1000,\"event\":{\"id\":\"a\",\"category\":\"process\"},\"k\":1,\"s\":\"a\"}";
    String b = "{\"@timestamp\":2000,\"event\":{\"id\":\"b\"},\"k\":1,\"s\":\"b\"}";
    String c = "{\"@timestamp\":3000,\"event\":{\"id\":\"c\"},\"k\":1,\"s\":\"c\"}";
    String atOneSecond = String.format("%012x", 1000);

    assertThat(Engines.engine(event).process(Engines.read(event, List.of(a))))
        .singleElement().extracting(Detection::id, STRING).startsWith(atOneSecond);
    assertThat(Engines.engine(sequence).process(Engines.read(sequence, List.of(a, b))))
        .singleElement().extracting(Detection::id, STRING).startsWith(atOneSecond);
    assertThat(Engines.engine(sample).process(Engines.read(sample, List.of(a, c))))
        .singleElement().satisfies(detection -> {
          assertThat(detection.events()).extracting(Event::id).containsExactly("c", "a");
          assertThat(detection.id()).startsWith(atOneSecond);
        });
  }

  @Test
  void perStageKeysJoinPositionByPosition() {
    RuleSet rule = Engines.ruleOf("""
        sequence by host
          [any where kind == "login"] by user
          [any where kind == "sudo"] by target
        """);
    String login = "{\"@timestamp\":0,\"event\":{\"id\":\"l\"},\"host\":\"h\",\"kind\":\"login\",\"user\":\"bob\"}";
    String sudoOther = "{\"@timestamp\":1,\"event\":{\"id\":\"s0\"},\"host\":\"h\",\"kind\":\"sudo\",\"target\":\"amy\"}";
    String sudo = "{\"@timestamp\":2,\"event\":{\"id\":\"s1\"},\"host\":\"h\",\"kind\":\"sudo\",\"target\":\"bob\"}";

    List<Detection> detections = Engines.engine(rule).process(Engines.read(rule, List.of(login, sudoOther, sudo)));

    assertThat(detections).singleElement().satisfies(detection -> {
      assertThat(detection.events()).extracting(Event::id).containsExactly("l", "s1");
      assertThat(detection.joinKeys()).containsExactly("h", "bob");
    });
  }

  @Test
  void aSequenceWithoutMaxspanJoinsAcrossAnyGap() {
    RuleSet rule = Engines.ruleOf("sequence by k [any where s == \"a\"] [any where s == \"b\"]");
    String a = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"k\":1,\"s\":\"a\"}";
    String b = "{\"@timestamp\":\"2026-01-01T03:00:00Z\",\"k\":1,\"s\":\"b\"}";

    assertThat(Engines.engine(rule).process(Engines.read(rule, List.of(a, b)))).hasSize(1);
  }

  @Test
  void aSequenceWithoutKeysIsOneMachine() {
    RuleSet rule = Engines.ruleOf("sequence [any where s == \"a\"] [any where s == \"b\"]");
    String a = "{\"@timestamp\":0,\"s\":\"a\"}";
    String b = "{\"@timestamp\":1,\"s\":\"b\"}";

    assertThat(Engines.engine(rule).process(Engines.read(rule, List.of(a, b)))).hasSize(1);
  }

  /** A rule that reports every event with an id, of the indexes {@code pattern} names. */
  private static RuleSet ruleOfIndex(String pattern) {
    return ruleOfIndex(pattern, "any where event.id != null");
  }

  /** A rule of {@code query} over the indexes {@code pattern} names. */
  private static RuleSet ruleOfIndex(String pattern, String query) {
    return dev.seqwatch.rule.RuleCompiler.compile(List.of(new dev.seqwatch.rule.RuleSource("r.toml", """
        [rule]
        rule_id = "r"
        name = "r"
        type = "eql"
        language = "eql"
        severity = "low"
        risk_score = 1
        index = ["%s"]
        query = '%s'
        """.formatted(pattern, query))));
  }

  @Test
  void aRuleSeesOnlyDocumentsOfItsIndexesOrOfNoKnownIndex() {
    RuleSet rule = ruleOfIndex("logs-endpoint.events.*");
    String endpoint = "{\"@timestamp\":0,\"event\":{\"id\":\"a\"},\"data_stream\":{\"type\":\"logs\","
        + "\"dataset\":\"endpoint.events.process\",\"namespace\":\"default\"}}";
    String auth = "{\"@timestamp\":0,\"event\":{\"id\":\"b\"},\"data_stream\":{\"type\":\"logs\","
        + "\"dataset\":\"system.auth\",\"namespace\":\"default\"}}";
    String unknown = "{\"@timestamp\":0,\"event\":{\"id\":\"c\"}}";
    List<Event> events = Engines.read(rule, List.of(endpoint, auth, unknown, unknown.replace("\"c\"", "\"d\"")));
    List<Event> addressed = List.of(events.get(0), events.get(1), events.get(2),
        events.get(3).addressedTo("logs-system.syslog-default"));

    List<Detection> detections = Engines.engine(rule).process(addressed);

    assertThat(detections).extracting(detection -> detection.events().get(0).id()).containsExactly("a", "c");
  }

  @Test
  void eventsOfDataStreamsTakingTurnsInOneBatchAreEachSeenByTheRulesOfTheirOwnIndex() {
    RuleSet rule = ruleOfIndex("logs-endpoint.events.*-default");
    List<String> documents = List.of(
        dataStreamEvent("a", 0, "endpoint.events.process", "default"),
        dataStreamEvent("b", 0, "endpoint.events.process", "default"),
        dataStreamEvent("c", 0, "system.auth", "default"),
        dataStreamEvent("d", 0, "endpoint.events.process", "default"),
        dataStreamEvent("e", 0, "endpoint.events.process", "prod"),
        dataStreamEvent("f", 0, "system.auth", "prod"),
        dataStreamEvent("g", 0, "endpoint.events.process", "default"));

    List<Detection> detections = Engines.engine(rule).process(Engines.read(rule, documents));

    assertThat(detections).extracting(detection -> detection.events().get(0).id()).containsExactly("a", "b", "d", "g");
  }

  @Test
  void eventsOfMoreDataStreamsThanABatchRemembersAreEachSeenByTheRulesOfTheirOwnIndex() {
    RuleSet rule = ruleOfIndex("logs-endpoint.events.*-default");
    List<String> documents = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int stream = 0; stream < 12; stream++) {
        String id = round + "-" + stream;
        String dataset = stream % 2 == 0 ? "endpoint.events.s" + stream : "system.s" + stream;
        documents.add(dataStreamEvent(id, 0, dataset, "default"));
        if (stream % 2 == 0) {
          seen.add(id);
        }
      }
    }

    List<Detection> detections = Engines.engine(rule).process(Engines.read(rule, documents));

    assertThat(detections).extracting(detection -> detection.events().get(0).id()).containsExactlyElementsOf(seen);
  }

  @Test
  void aSampleRuleSeesOnlyTheDocumentsOfItsIndexesWhenDataStreamsTakeTurns() {
    RuleSet rule = ruleOfIndex("logs-endpoint.events.*", "sample by host.id [any where event.id == \"a\"] "
        + "[any where event.id == \"b\"]");
    String a = dataStreamEvent("a", 1_000, "endpoint.events.process", "default");
    String bElsewhere = dataStreamEvent("b", 2_000, "system.auth", "default");
    String b = dataStreamEvent("b", 3_000, "endpoint.events.network", "default");

    List<Detection> detections = Engines.engine(rule).process(Engines.read(rule, List.of(a, bElsewhere, b)));

    assertThat(detections).singleElement().satisfies(detection -> assertThat(detection.events())
        .extracting(Event::timestamp).containsExactly(1_000L, 3_000L));
  }

  private static String dataStreamEvent(String id, long millis, String dataset, String namespace) {
    return "{\"@timestamp\":" + millis + ",\"event\":{\"id\":\"" + id + "\"},\"host\":{\"id\":\"h\"},"
        + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"" + dataset + "\",\"namespace\":\"" + namespace
        + "\"}}";
  }

  @Test
  void everyLoadedRuleSeesEveryEvent() {
    RuleSet rules = dev.seqwatch.rule.RuleCompiler.compile(List.of(
        dev.seqwatch.rule.RuleSource.bundled(),
        new dev.seqwatch.rule.RuleSource("extra.toml", """
            [rule]
            rule_id = "exec-from-tmp"
            name = "Exec from /tmp"
            type = "eql"
            language = "eql"
            severity = "low"
            risk_score = 21
            query = 'process where event.action == "exec" and process.executable : "/tmp/*"'
            """)));
    List<String> events = dev.seqwatch.testing.Corpus.scenarios().get(0).events();

    List<Detection> detections = Engines.engine(rules).process(Engines.read(rules, events));

    assertThat(detections).extracting(detection -> detection.rule().id())
        .contains("fa3a59dc-33c3-43bf-80a9-e8437a922c7f", "exec-from-tmp");
  }
}
