package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sample} in {@code eql/search}: Elasticsearch's batch answer over the request's events. */
class SampleSearchTest {

  private static final String LOGIN_THEN_SUDO = "sample by host [any where kind == \"login\"] [any where kind == \"sudo\"]";

  private static String event(String id, long timestamp, String kind, String host) {
    return "{\"@timestamp\":" + timestamp + ",\"event\":{\"id\":\"" + id + "\"},\"kind\":\"" + kind + "\""
        + (host == null ? "" : ",\"host\":" + host) + "}";
  }

  private static List<SampleMatch> search(String query, int maxSamplesPerKey, int size, String... documents) {
    RuleSet rules = Engines.ruleOf(query);
    List<Event> events = Engines.read(rules, Arrays.asList(documents));
    return SampleSearch.search((SamplePlan) rules.rules().get(0).plan(), events, maxSamplesPerKey, size);
  }

  private static List<String> ids(SampleMatch sample) {
    return sample.events().stream().map(Event::id).toList();
  }

  @Test
  void everyFilterMatchedByAnEventOfTheSameKeyMakesASampleWithEventsInFilterOrder() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 1, 10,
        event("s", 1, "sudo", "\"h1\""), event("l", 2, "login", "\"h1\""), event("x", 3, "login", "\"h2\""));

    assertThat(samples).singleElement().satisfies(sample -> {
      assertThat(sample.joinKeys()).containsExactly("h1");
      assertThat(ids(sample)).containsExactly("l", "s");
    });
  }

  @Test
  void samplesComeInAscendingKeyOrderWhateverTheirTimeOrArrival() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 1, 10,
        event("l9", 1, "login", "9"), event("s9", 2, "sudo", "9"),
        event("lb", 3, "login", "\"b\""), event("sb", 4, "sudo", "\"b\""),
        event("l10", 5, "login", "10"), event("s10", 6, "sudo", "10"),
        event("la", 7, "login", "\"a\""), event("sa", 8, "sudo", "\"a\""));

    // Numbers by value (9 before 10), then text by code point.
    assertThat(samples).extracting(sample -> sample.joinKeys().get(0)).containsExactly("9", "10", "a", "b");
  }

  @Test
  void sizeCountsSamplesNotKeys() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 2, 3,
        event("la1", 1, "login", "\"a\""), event("la2", 2, "login", "\"a\""), event("sa", 3, "sudo", "\"a\""),
        event("sa2", 4, "sudo", "\"a\""), event("lb", 5, "login", "\"b\""), event("sb", 6, "sudo", "\"b\""),
        event("lc", 7, "login", "\"c\""), event("sc", 8, "sudo", "\"c\""));

    assertThat(samples).extracting(SampleSearchTest::ids)
        .containsExactly(List.of("la1", "sa"), List.of("la1", "sa2"), List.of("lb", "sb"));
  }

  @Test
  void maxSamplesPerKeyWalksTheCombinationsDepthFirstInIndexingOrder() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 3, 10,
        event("l1", 5, "login", "\"h\""), event("l2", 1, "login", "\"h\""),
        event("s1", 9, "sudo", "\"h\""), event("s2", 2, "sudo", "\"h\""));

    assertThat(samples).extracting(SampleSearchTest::ids)
        .containsExactly(List.of("l1", "s1"), List.of("l1", "s2"), List.of("l2", "s1"));
  }

  @Test
  void eachFilterOffersOnlyItsFirstFiltersPlusMaxSamplesMinusOneEvents() {
    // Two filters, one sample per key: each filter's search asks for 2 events, so l3 is never seen.
    List<SampleMatch> samples = search(
        "sample by host [any where kind == \"login\" or kind == \"both\"] [any where kind == \"both\"]", 1, 10,
        event("b1", 1, "both", "\"h\""), event("b2", 2, "both", "\"h\""), event("l3", 3, "login", "\"h\""));

    assertThat(samples).extracting(SampleSearchTest::ids).containsExactly(List.of("b1", "b2"));
  }

  @Test
  void oneEventServesOneFilterOfASampleOnly() {
    String query = "sample by host [any where kind == \"both\"] [any where kind == \"both\"]";

    assertThat(search(query, 5, 10, event("b1", 1, "both", "\"h\""))).isEmpty();
    assertThat(search(query, 5, 10, event("b1", 1, "both", "\"h\""), event("b2", 2, "both", "\"h\"")))
        .extracting(SampleSearchTest::ids).containsExactly(List.of("b1", "b2"), List.of("b2", "b1"));
  }

  @Test
  void filtersHaveNoOrderAndNoMaxspan() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 1, 10,
        event("s", 1, "sudo", "\"h\""), event("l", 86_400_000L * 30, "login", "\"h\""));

    assertThat(samples).extracting(SampleSearchTest::ids).containsExactly(List.of("l", "s"));
  }

  @Test
  void anEventWithoutAPlainKeyIsLeftOut() {
    assertThat(search(LOGIN_THEN_SUDO, 1, 10, event("l", 1, "login", null), event("s", 2, "sudo", null)))
        .isEmpty();
  }

  @Test
  void aMissingOptionalKeyJoinsOnlyEventsThatLackItToo() {
    List<SampleMatch> samples = search(
        "sample by host, ?user [any where kind == \"login\"] [any where kind == \"sudo\"]", 1, 10,
        event("l", 1, "login", "\"h\""), event("s-other", 2, "sudo", "\"h\",\"user\":\"bob\""),
        event("s", 3, "sudo", "\"h\""));

    assertThat(samples).singleElement().satisfies(sample -> {
      assertThat(sample.joinKeys()).containsExactly("h", null);
      assertThat(ids(sample)).containsExactly("l", "s");
    });
  }

  @Test
  void aMultiValuedKeyPutsTheEventUnderEachOfItsValues() {
    List<SampleMatch> samples = search(LOGIN_THEN_SUDO, 1, 10,
        event("l", 1, "login", "[\"a\",\"b\"]"), event("sb", 2, "sudo", "\"b\""), event("sa", 3, "sudo", "\"a\""));

    assertThat(samples).extracting(sample -> sample.joinKeys().get(0) + ":" + ids(sample))
        .containsExactly("a:[l, sa]", "b:[l, sb]");
  }

  @Test
  void perFilterKeysJoinPositionByPosition() {
    List<SampleMatch> samples = search("sample by host [any where kind == \"login\"] by user"
            + " [any where kind == \"sudo\"] by target", 1, 10,
        event("l", 1, "login", "\"h\",\"user\":\"bob\""), event("s-amy", 2, "sudo", "\"h\",\"target\":\"amy\""),
        event("s-bob", 3, "sudo", "\"h\",\"target\":\"bob\""));

    assertThat(samples).singleElement().satisfies(sample -> {
      assertThat(sample.joinKeys()).containsExactly("h", "bob");
      assertThat(ids(sample)).containsExactly("l", "s-bob");
    });
  }

  @Test
  void sizeZeroFindsNothing() {
    assertThat(search(LOGIN_THEN_SUDO, 1, 0, event("l", 1, "login", "\"h\""), event("s", 2, "sudo", "\"h\"")))
        .isEmpty();
  }

  @Test
  void theDepthFirstWalkStopsAtTheLimitAndNeverRepeatsAnEvent() {
    Event a = Engines.read(Engines.ruleOf("any where true"), List.of(event("a", 1, "x", "1"))).get(0);
    Event b = Engines.read(Engines.ruleOf("any where true"), List.of(event("b", 1, "x", "1"))).get(0);
    Event c = Engines.read(Engines.ruleOf("any where true"), List.of(event("c", 1, "x", "1"))).get(0);
    List<List<Event>> lists = new ArrayList<>(List.of(List.of(a, b, c), List.of(a, b), List.of(a, b, c)));

    List<List<Event>> found = SampleSearch.distinctCombinations(lists, 10);

    assertThat(found).extracting(combination -> combination.stream().map(Event::id).toList())
        .containsExactly(List.of("a", "b", "c"), List.of("b", "a", "c"), List.of("c", "a", "b"),
            List.of("c", "b", "a"));
    assertThat(SampleSearch.distinctCombinations(lists, 1)).hasSize(1);
  }
}
