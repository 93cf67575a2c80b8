package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One batch's index names are each event's own, made once per run of events of one data stream. */
class IndexNamesTest {

  private static String document(String dataset, String namespace) {
    return "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"data_stream\":{\"type\":\"logs\",\"dataset\":\""
        + dataset + "\",\"namespace\":\"" + namespace + "\"}}";
  }

  private static List<Event> read(String... documents) {
    byte[] body = String.join("\n", documents).getBytes(StandardCharsets.UTF_8);
    return new EventReader(FieldSchema.builder().build()).read(body, 0, body.length, BodyFormat.NDJSON).events();
  }

  @Test
  void eachEventGetsItsOwnIndexNameAndARunOfOneDataStreamSharesOneString() {
    List<Event> events = read(document("endpoint.events.process", "default"),
        document("endpoint.events.process", "default"), document("endpoint.events.network", "default"),
        document("endpoint.events.network", "prod"), document("endpoint.events.process", "default"));
    IndexNames names = new IndexNames();

    List<String> got = events.stream().map(names::of).toList();

    assertThat(got).containsExactly("logs-endpoint.events.process-default", "logs-endpoint.events.process-default",
        "logs-endpoint.events.network-default", "logs-endpoint.events.network-prod",
        "logs-endpoint.events.process-default");
    assertThat(got.get(1)).isSameAs(got.get(0));
  }

  @Test
  void theShippersTargetWinsAndAnEventWithoutADataStreamHasNone() {
    List<Event> events = read(document("endpoint.events.process", "default"), "{\"@timestamp\":\"2026-01-01T00:00:00Z\"}");
    IndexNames names = new IndexNames();

    assertThat(names.of(events.get(0).addressedTo("my-index"))).isEqualTo("my-index");
    assertThat(names.of(events.get(0))).isEqualTo("logs-endpoint.events.process-default");
    assertThat(names.of(events.get(1))).isNull();
  }
}
