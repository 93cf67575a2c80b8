package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's repeated short values are read as one string each ({@link RepeatedStrings}), and every
 * value still reads as exactly its text, whatever the other events of the batch hold.
 */
class RepeatedStringsTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final List<String> FIELDS = List.of("host.id", "process.name", "process.command_line");

  private final FieldSchema schema = schema();
  private final EventReader reader = new EventReader(schema);

  private static FieldSchema schema() {
    FieldSchema.Builder builder = FieldSchema.builder();
    FIELDS.forEach(builder::slot);
    return builder.build();
  }

  private static String document(int i, List<String> values) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("@timestamp", "2026-03-02T08:00:00." + String.format("%03d", i) + "Z");
    for (int f = 0; f < FIELDS.size(); f++) {
      if (values.get(f) != null) {
        document.put(FIELDS.get(f), values.get(f));
      }
    }
    return JSON.writeValueAsString(document);
  }

  private List<Event> read(List<String> documents) {
    byte[] body = String.join("\n", documents).getBytes(StandardCharsets.UTF_8);
    return reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
  }

  private Object value(Event event, String field) {
    return event.values()[schema.names().indexOf(field)];
  }

  @Test
  void aShortValueRepeatedInABatchIsOneString() {
    List<Event> events = read(List.of(document(0, List.of("h-1", "cmd.exe", "x".repeat(65))),
        document(1, List.of("h-1", "cmd.exe", "x".repeat(65)))));

    assertThat(value(events.get(1), "host.id")).isSameAs(value(events.get(0), "host.id"));
    assertThat(value(events.get(1), "process.name")).isSameAs(value(events.get(0), "process.name"));
    assertThat(value(events.get(1), "process.command_line")).isEqualTo(value(events.get(0), "process.command_line"))
        .isNotSameAs(value(events.get(0), "process.command_line"));
  }

  @Test
  void aNumberRepeatedInABatchIsOneStringOfItsText() {
    byte[] body = ("{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"host\":{\"id\":443}}\n"
        + "{\"@timestamp\":\"2026-03-02T08:00:01Z\",\"host\":{\"id\":443}}\n"
        + "{\"@timestamp\":\"2026-03-02T08:00:02Z\",\"host\":{\"id\":-4.5e3}}").getBytes(StandardCharsets.UTF_8);
    List<Event> events = reader.read(body, 0, body.length, BodyFormat.NDJSON).events();

    assertThat(value(events.get(0), "host.id")).isEqualTo("443");
    assertThat(value(events.get(1), "host.id")).isSameAs(value(events.get(0), "host.id"));
    assertThat(value(events.get(2), "host.id")).isEqualTo("-4.5e3");
  }

  @Provide
  Arbitrary<List<List<String>>> batches() {
    // Few distinct values, so that values repeat and share slots of the table; escapes, non-ASCII
    // and lengths around the limit included.
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("a", "b", "A", "cmd.exe", "CMD.EXE", "é", "\"quoted\"", "tab\there", "日本", "\uD83D\uDE00", ""),
        Arbitraries.strings().withCharRange('a', 'c').ofMinLength(60).ofMaxLength(70),
        // Any text a JSON document can carry: control characters included, lone surrogates not.
        Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(8),
        Arbitraries.just((String) null));
    return value.list().ofSize(FIELDS.size()).list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 300)
  void aTableOfFewSlotsStillGivesEveryValueItsText(@ForAll("batches") List<List<String>> batch) {
    List<String> values = batch.stream().flatMap(List::stream).filter(value -> value != null).toList();
    RepeatedStrings strings = new RepeatedStrings(2);
    List<String> read = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(JSON.writeValueAsBytes(values))) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          read.add(strings.of(parser));
        }
      }
    }

    assertThat(read).containsExactlyElementsOf(values);
  }

  @Provide
  Arbitrary<List<String>> asciiValues() {
    // Lengths on both sides of a word, of two words and of the limit, over few letters, so that
    // values repeat, differ only in their last byte or share a slot; some share their first word.
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'b').ofMaxLength(17),
        Arbitraries.strings().withCharRange('a', 'b').ofMinLength(1).ofMaxLength(9).map(rest -> "abababab" + rest),
        Arbitraries.strings().withCharRange('a', 'b').ofMinLength(60).ofMaxLength(70),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24));
    return value.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 300)
  void aTableOfFewSlotsGivesEveryByteRangeItsText(@ForAll("asciiValues") List<String> values) {
    // The values one after another in one array, as they sit in a body, read from their offsets.
    byte[] body = ("[" + String.join("|", values) + "]").getBytes(StandardCharsets.ISO_8859_1);
    RepeatedStrings strings = new RepeatedStrings(2);
    List<String> read = new ArrayList<>();
    int from = 1;
    for (String value : values) {
      read.add(strings.of(body, from, value.length()));
      from += value.length() + 1;
    }

    assertThat(read).containsExactlyElementsOf(values);
  }

  @Test
  void aRepeatedByteRangeIsOneStringAndOneDifferingInItsLastByteIsItsOwn() {
    byte[] body = "process.name=bash;process.name=bash;process.name=basH".getBytes(StandardCharsets.ISO_8859_1);
    RepeatedStrings strings = new RepeatedStrings(1 << 10);

    String first = strings.of(body, 0, 17);
    String second = strings.of(body, 18, 17);
    String third = strings.of(body, 36, 17);

    assertThat(second).isSameAs(first);
    assertThat(third).isEqualTo("process.name=basH").isNotSameAs(first);
  }

  /**
   * Two values that share a set and alternate, as one event's outcome and user id did in every
   * event of a Windows batch, are each one string: a direct-mapped table let each replace the
   * other, so neither was ever found again.
   */
  @ParameterizedTest
  @ValueSource(ints = {7, 45})
  void twoValuesAlternatingInOneSetAreEachOneString(int length) {
    String a = "a".repeat(length);
    String b = "b".repeat(length);
    byte[] body = (a + b + a + b).getBytes(StandardCharsets.ISO_8859_1);
    RepeatedStrings strings = new RepeatedStrings(2); // one set: every value shares it

    String firstA = strings.of(body, 0, length);
    String firstB = strings.of(body, length, length);

    assertThat(strings.of(body, 2 * length, length)).isSameAs(firstA);
    assertThat(strings.of(body, 3 * length, length)).isSameAs(firstB);
  }

  /** A set keeps the two values used last: a third pushes out the one used longest ago. */
  @Test
  void aThirdValueInASetPushesOutTheOneUsedLongestAgo() {
    byte[] body = "alpha-value-abcd;bravo-value-abcd;charlie-value-ab;bravo-value-abcd;alpha-value-abcd"
        .getBytes(StandardCharsets.ISO_8859_1);
    RepeatedStrings strings = new RepeatedStrings(2);

    String alpha = strings.of(body, 0, 16);
    String bravo = strings.of(body, 17, 16);
    strings.of(body, 34, 16);

    assertThat(strings.of(body, 51, 16)).isSameAs(bravo);
    assertThat(strings.of(body, 68, 16)).isEqualTo("alpha-value-abcd").isNotSameAs(alpha);
  }

  @Property(tries = 300)
  void everyValueReadsAsItsTextWhateverTheBatchHolds(@ForAll("batches") List<List<String>> batch) {
    List<String> documents = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      documents.add(document(i, batch.get(i)));
    }

    List<Event> events = read(documents);

    assertThat(events).hasSize(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      for (int f = 0; f < FIELDS.size(); f++) {
        assertThat(value(events.get(i), FIELDS.get(f))).as("event %d, %s", i, FIELDS.get(f)).isEqualTo(batch.get(i).get(f));
      }
    }
  }
}
