package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdentityTest {

  private final EventReader reader = new EventReader(FieldSchema.builder().build());

  private Event event(String json) {
    return reader.readOne(json.getBytes(StandardCharsets.UTF_8), 0);
  }

  @Test
  void anEventIsNamedByItsEventId() {
    assertThat(EventIdentity.of(event("{\"@timestamp\":0,\"event\":{\"id\":\"abc\"}}"))).isEqualTo("abc");
  }

  @Test
  void withoutEventIdTheCanonicalContentNamesItRegardlessOfKeyOrderAndWhitespace() {
    String one = EventIdentity.of(event("{\"@timestamp\":0,\"a\":{\"x\":1,\"y\":[1,2]}}"));
    String same = EventIdentity.of(event("{ \"a\" : { \"y\" : [1, 2], \"x\" : 1 }, \"@timestamp\" : 0 }"));
    String other = EventIdentity.of(event("{\"@timestamp\":0,\"a\":{\"x\":2,\"y\":[1,2]}}"));

    assertThat(one).startsWith("sha256:").isEqualTo(same).isNotEqualTo(other);
  }

  @Test
  void alertIdsDependOnRuleAndEveryEventInOrder() {
    String id = EventIdentity.alertId("rule", List.of("a", "b", "c"), 0);

    assertThat(id).hasSize(64).isEqualTo(EventIdentity.alertId("rule", List.of("a", "b", "c"), 0));
    assertThat(id).isNotEqualTo(EventIdentity.alertId("rule", List.of("b", "a", "c"), 0));
    assertThat(id).isNotEqualTo(EventIdentity.alertId("other", List.of("a", "b", "c"), 0));
    assertThat(EventIdentity.alertId("r", List.of("a\nb"), 0)).isNotEqualTo(EventIdentity.alertId("r", List.of("a", "b"), 0));
  }

  @Test
  void alertIdsBeginWithTheEarliestEventsTimeSoTheySortByIt() {
    long earlier = 1_764_806_400_000L; // 2025-12-04T00:00:00Z
    String first = EventIdentity.alertId("z-rule", List.of("z"), earlier);
    String second = EventIdentity.alertId("a-rule", List.of("a"), earlier + 1);

    assertThat(first).matches("[0-9a-f]{64}").startsWith(String.format("%012x", earlier));
    assertThat(first).isLessThan(second);
    assertThat(first.substring(12)).isEqualTo(EventIdentity.digest("z-rule", List.of("z")).substring(0, 52));
  }

  @Test
  void timesOutsideTwelveHexDigitsAreClampedNotWrapped() {
    assertThat(EventIdentity.alertId("r", List.of("a"), -5)).startsWith("000000000000");
    assertThat(EventIdentity.alertId("r", List.of("a"), Long.MAX_VALUE)).startsWith("ffffffffffff").hasSize(64);
  }
}
