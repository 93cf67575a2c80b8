package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the engine keeps of an event past its batch ({@link Event#detached}). */
class EventTest {

  private static final String DOCUMENT = "{\"@timestamp\":\"2026-01-01T00:00:00.250Z\",\"event\":{\"id\":\"e-1\","
      + "\"sequence\":42},\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\","
      + "\"namespace\":\"default\"},\"host\":{\"id\":\"h-1\"},\"process\":{\"name\":\"bash\"}}";

  private final FieldSchema schema = schema();

  private static FieldSchema schema() {
    FieldSchema.Builder builder = FieldSchema.builder();
    builder.slot("process.name");
    return builder.build();
  }

  private Event readFromTheMiddleOfABuffer() {
    byte[] buffer = ("xx" + DOCUMENT + "yy").getBytes(StandardCharsets.UTF_8);
    return new EventReader(schema).read(buffer, 2, buffer.length - 4, BodyFormat.JSON).events().get(0);
  }

  @Test
  void aDetachedEventKeepsItsIdIndexHostTimeOrderAndDocument() {
    Event event = readFromTheMiddleOfABuffer();

    Event detached = event.detached();

    assertThat(detached.id()).isEqualTo("e-1");
    assertThat(detached.indexName()).isEqualTo("logs-endpoint.events.process-default");
    assertThat(detached.values()[FieldSchema.HOST_ID]).isEqualTo("h-1");
    assertThat(detached.timestamp()).isEqualTo(event.timestamp());
    assertThat(detached.sequence()).isEqualTo(42);
    assertThat(detached.source()).isEqualTo(event.source());
    assertThat(detached.source().buffer()).hasSize(DOCUMENT.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void aDetachedEventsDocumentIsCopiedEvenWhenItFillsTheBufferItWasReadFrom() {
    byte[] buffer = DOCUMENT.getBytes(StandardCharsets.UTF_8);
    Event event = new EventReader(schema).read(buffer, 0, buffer.length, BodyFormat.JSON).events().get(0);

    Event detached = event.detached();
    Arrays.fill(buffer, (byte) ' '); // the request's buffer, reused by the next request

    assertThat(detached.source()).hasToString(DOCUMENT);
  }

  @Test
  void aDetachedEventDropsTheRulesFieldsAndTheTextsAlreadyReadIntoNumbers() {
    Event event = readFromTheMiddleOfABuffer();
    assertThat(event.values()[schema.names().indexOf("process.name")]).isEqualTo("bash");
    assertThat(event.values()[FieldSchema.TIMESTAMP]).isNotNull();
    assertThat(event.values()[FieldSchema.EVENT_SEQUENCE]).isNotNull();

    Object[] kept = event.detached().values();

    assertThat(kept).hasSize(FieldSchema.ENGINE_SLOTS);
    assertThat(kept[FieldSchema.TIMESTAMP]).isNull();
    assertThat(kept[FieldSchema.EVENT_SEQUENCE]).isNull();
    assertThat(event.values()[schema.names().indexOf("process.name")]).as("the batch's event is unchanged")
        .isEqualTo("bash");
    assertThat(Arrays.stream(kept).filter(value -> value != null)).hasSize(5);
  }
}
