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
    String id = EventIdentity.alertId("rule", List.of("a", "b", "c"));

    assertThat(id).hasSize(64).isEqualTo(EventIdentity.alertId("rule", List.of("a", "b", "c")));
    assertThat(id).isNotEqualTo(EventIdentity.alertId("rule", List.of("b", "a", "c")));
    assertThat(id).isNotEqualTo(EventIdentity.alertId("other", List.of("a", "b", "c")));
    assertThat(EventIdentity.alertId("r", List.of("a\nb"))).isNotEqualTo(EventIdentity.alertId("r", List.of("a", "b")));
  }
}
