package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.event.Batch.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventReaderTest {

  private final FieldSchema schema = schema();
  private final EventReader reader = new EventReader(schema);

  private static FieldSchema schema() {
    FieldSchema.Builder builder = FieldSchema.builder();
    builder.slot("process.name");
    builder.joinKeySlot("host.id");
    return builder.build();
  }

  private Batch read(String body, BodyFormat format) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return reader.read(bytes, 0, bytes.length, format);
  }

  @Test
  void readsAnArrayASingleObjectAndNdjson() {
    String a = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"process\":{\"name\":\"a\"}}";
    String b = "{\"@timestamp\":1767225600001,\"process.name\":\"b\"}";

    assertThat(read("[" + a + "," + b + "]", BodyFormat.JSON).events()).hasSize(2);
    assertThat(read(a, BodyFormat.JSON).events()).hasSize(1);
    Batch ndjson = read(a + "\n" + b + "\n", BodyFormat.NDJSON);
    assertThat(ndjson.events()).extracting(Event::timestamp).containsExactly(1767225600000L, 1767225600001L);
    assertThat(ndjson.events()).extracting(e -> e.values()[schema.names().indexOf("process.name")])
        .containsExactly("a", "b");
  }

  @Test
  void keepsTheExactOriginalBytesOfEachEvent() {
    String a = "{ \"@timestamp\" : \"2026-01-01T00:00:00Z\", \"x\": [1, {\"y\": 2}] }";
    String b = "{\"@timestamp\":\"2026-01-01T00:00:01Z\"}";

    Batch batch = read("[" + a + " ,\n " + b + "]", BodyFormat.JSON);

    assertThat(batch.events()).extracting(e -> e.source().toString()).containsExactly(a, b);
  }

  @Test
  void keepsTheOriginalBytesWhenReadingFromTheMiddleOfABuffer() {
    byte[] buffer = "xx{\"@timestamp\":0,\"a\":1}yy".getBytes(StandardCharsets.UTF_8);

    Batch batch = reader.read(buffer, 2, buffer.length - 4, BodyFormat.JSON);

    assertThat(batch.events().get(0).source().toString()).isEqualTo("{\"@timestamp\":0,\"a\":1}");
  }

  @Test
  void rejectsEventsOneByOneWithTheirIndex() {
    Batch batch = read("""
        [{"@timestamp":"2026-01-01T00:00:00Z"},
         42,
         {"message":"no time"},
         {"@timestamp":"yesterday"},
         {"@timestamp":["2026-01-01T00:00:00Z","2026-01-01T00:00:01Z"]},
         {"@timestamp":"2026-01-01T00:00:00Z","host":{"id":{"nested":1}}},
         {"@timestamp":"2026-01-01T00:00:00Z"}]""", BodyFormat.JSON);

    assertThat(batch.events()).extracting(Event::index).containsExactly(0, 6);
    assertThat(batch.rejections()).containsExactly(
        new Rejection(1, "event is not a JSON object"),
        new Rejection(2, "missing @timestamp"),
        new Rejection(3, "@timestamp 'yesterday' is neither an ISO-8601 date nor epoch milliseconds"),
        new Rejection(4, "@timestamp has more than one value"),
        new Rejection(5, "join key host.id is an object, expected a value"));
  }

  @Test
  void collectsEveryValueOfRepeatedAndArrayFields() {
    Batch batch = read("{\"@timestamp\":0,\"process\":{\"name\":[\"a\",[\"b\"]]},\"process.name\":\"c\"}",
        BodyFormat.JSON);

    assertThat((String[]) batch.events().get(0).values()[schema.names().indexOf("process.name")])
        .containsExactly("a", "b", "c");
  }

  @Test
  void arraysOfOneFieldWrittenTwiceAddUpInDocumentOrderReadEitherWay() {
    String body = "{\"@timestamp\":0,\"process\":{\"name\":\"a\"},\"process.name\":[\"b\",\"c\"],"
        + "\"process\":{\"name\":[[\"d\"],\"e\"]},\"process.name\":[\"f\"]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int slot = schema.names().indexOf("process.name");

    Batch direct = reader.read(bytes, 0, bytes.length, BodyFormat.JSON);
    Batch jackson = reader.readWithJackson(bytes, 0, bytes.length, BodyFormat.JSON, Integer.MAX_VALUE);

    assertThat((String[]) direct.events().get(0).values()[slot]).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat((String[]) jackson.events().get(0).values()[slot]).containsExactly("a", "b", "c", "d", "e", "f");
  }

  @Test
  void keepsEventSequenceAsTheTiebreakerWhenItIsAWholeNumber() {
    FieldSchema.Builder builder = FieldSchema.builder();
    EventReader withSequence = new EventReader(builder.build());
    byte[] body = "{\"@timestamp\":0,\"event\":{\"sequence\":42}}\n{\"@timestamp\":0,\"event\":{\"sequence\":\"x\"}}"
        .getBytes(StandardCharsets.UTF_8);

    Batch batch = withSequence.read(body, 0, body.length, BodyFormat.NDJSON);

    assertThat(batch.events()).extracting(Event::sequence).containsExactly(42L, Event.NO_SEQUENCE);
  }

  @Test
  void fluentBitDateIsTheTimestampOnlyWhenAskedAndOnlyWithoutATimestamp() {
    EventReader fluentBit = new EventReader(schema, EventLimits.DEFAULTS, true);
    byte[] body = ("{\"date\":1772439319.5087,\"log\":\"a\"}\n"
        + "{\"date\":\"2026-03-02T08:15:19.5Z\"}\n"
        + "{\"date\":1.5,\"@timestamp\":\"2026-03-02T08:15:20Z\"}\n"
        + "{\"date\":\"soon\"}").getBytes(StandardCharsets.UTF_8);

    Batch withDate = fluentBit.read(body, 0, body.length, BodyFormat.NDJSON);
    Batch strict = reader.read(body, 0, body.length, BodyFormat.NDJSON);

    assertThat(withDate.events()).extracting(Event::timestamp)
        .containsExactly(1772439319508L, 1772439319500L, 1772439320000L);
    assertThat(withDate.rejections()).extracting(Rejection::index).containsExactly(3);
    assertThat(strict.events()).extracting(Event::timestamp).containsExactly(1772439320000L);
    assertThat(strict.rejections()).extracting(Rejection::reason).containsOnly("missing @timestamp");
  }

  @Test
  void malformedBodiesFailWholeWithLineAndColumn() {
    assertThatThrownBy(() -> read("{\"@timestamp\":0}\n{\"@timestamp\":", BodyFormat.NDJSON))
        .isInstanceOf(MalformedBodyException.class)
        .satisfies(e -> assertThat(((MalformedBodyException) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> read("[{\"a\":1},\n {\"b\" 2}]", BodyFormat.JSON))
        .isInstanceOf(MalformedBodyException.class)
        .satisfies(e -> {
          MalformedBodyException malformed = (MalformedBodyException) e;
          assertThat(malformed.line()).isEqualTo(2);
          assertThat(malformed.column()).isEqualTo(7);
        });
    assertThatThrownBy(() -> read("\"just a string\"", BodyFormat.JSON))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("expected a JSON object or an array of objects");
    assertThatThrownBy(() -> read("{\"@timestamp\":0} {\"@timestamp\":0}", BodyFormat.JSON))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("expected the end of the body after the events");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Batch readWith(EventLimits limits, String body) {
    return new EventReader(schema, limits, false).read(bytes(body), 0, bytes(body).length, BodyFormat.NDJSON);
  }

  @Test
  void limitsHoldExactlyAtTheirValue() {
    EventLimits limits = new EventLimits(3, 10, 4);
    String atLimits = "{\"@timestamp\":0,\"a\":{\"b\":[\"12345\"]},\"c\":\"x\"}";

    assertThat(readWith(limits, atLimits).events()).hasSize(1);
  }

  @Test
  void nestingIsCountedInSubtreesNoRuleReads() {
    assertThatThrownBy(() -> readWith(new EventLimits(3, 100, 100), "{\"@timestamp\":0}\n{\"skipped\":{\"a\":[[1]]}}"))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.NESTING_DEPTH);
          assertThat(e.event()).isEqualTo(1);
          assertThat(e.line()).isEqualTo(2);
        });
  }

  @Test
  void fieldsAreCountedInSubtreesNoRuleReads() {
    assertThatThrownBy(() -> readWith(new EventLimits(10, 100, 4), "{\"@timestamp\":0,\"skipped\":{\"a\":1,\"b\":{\"c\":2}}}"))
        .isInstanceOfSatisfying(LimitExceededException.class, e ->
            assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.FIELDS_PER_EVENT));
  }

  @Test
  void longStringsAndNamesAreFoundWhereverTheyAre() {
    EventLimits limits = new EventLimits(10, 10, 100);
    assertThatThrownBy(() -> readWith(limits, "{\"@timestamp\":0,\"skipped\":{\"deep\":[\"12345678901\"]}}"))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.STRING_LENGTH);
          assertThat(e.getMessage()).contains("a string of 11 characters at /skipped/deep/0");
        });
    assertThatThrownBy(() -> readWith(limits, "{\"@timestamp\":0,\"elevenchars\":1}"))
        .hasMessageContaining("a field name of 11 characters");
    assertThat(readWith(limits, "{\"@timestamp\":0,\"ok\":\"\\u0041\\u0042\"}").events())
        .as("escapes count as the characters they stand for").hasSize(1);
  }

  @Test
  void anArrayWhereAnEventShouldBeIsBoundedLikeAnEvent() {
    String deep = "[".repeat(50) + "]".repeat(50);

    assertThat(readWith(new EventLimits(64, 100, 100), "{\"@timestamp\":0}\n" + deep).rejections())
        .extracting(Rejection::reason).containsExactly("event is not a JSON object");
    assertThatThrownBy(() -> readWith(new EventLimits(10, 100, 100), "{\"@timestamp\":0}\n" + deep))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(LimitExceededException.Limit.NESTING_DEPTH);
          assertThat(e.event()).isEqualTo(1);
        });
  }
}
