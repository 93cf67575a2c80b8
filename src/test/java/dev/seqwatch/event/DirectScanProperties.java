package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectScan} reads a body exactly as the Jackson reading does, or leaves it to Jackson:
 * whatever the bytes, valid or broken, {@link EventReader#read} gives the same batch, or throws the
 * same exception with the same message, as {@link EventReader#readWithJackson}. The bodies are
 * written here byte by byte (escapes, multi-byte UTF-8 good and bad, every number form, dotted and
 * nested names of wanted fields, whitespace), then some are damaged at random; and batches of
 * events of a few shapes, whose names are often nearly the ones their objects had at the same
 * place before ({@code DirectScan.Shape}), and whose values are now and then another one.
 */
class DirectScanProperties {

  private static final String[] NAMES = {"@timestamp", "process", "name", "process.name", "host", "id", "host.id",
      "event", "sequence", "event.sequence", "args", "process.args", "other", "a.b", "é", "x",
      "process", "process.name", "host.id", "a.b"};
  private static final String[] STRINGS = {"", "a", "cmd.exe", "C:\\\\Windows\\\\System32\\\\cmd.exe", "\\\"quoted\\\"",
      "tab\\tand\\nnewline", "\\u00e9t\\u00E9", "\\ud83d\\ude00", "\\ud800 lone", "\\/slash", "é中😀", "2026-03-02T08:00:00Z",
      "1767225600000", "x".repeat(70), "y".repeat(9)};
  private static final String[] BAD_STRINGS = {"bad \\x escape", "bad \\u12g4"};
  private static final String[] NUMBERS = {"0", "-0", "12", "-3.25", "1e5", "1E+5", "2.5e-3", "0.0",
      "123456789012345678901234567890"};
  private static final String[] BAD_NUMBERS = {"01", "1.", ".5", "-", "+1", "1e"};
  private static final byte[][] DAMAGE = {bytes("\""), bytes("\\"), bytes("{"), bytes("}"), bytes("["), bytes("]"),
      bytes(","), bytes(":"), bytes(" "), bytes("\n"), {0}, {0x1f}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("true"), bytes("nul")};

  private final FieldSchema schema = schema();

  private static FieldSchema schema() {
    FieldSchema.Builder builder = FieldSchema.builder();
    builder.slot("process.name");
    builder.slot("process.args");
    builder.slot("a.b");
    builder.joinKeySlot("host.id");
    return builder.build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Wanted and unwanted names, dotted and nested; now and then one with an escape. */
  private Arbitrary<String> names() {
    return Arbitraries.frequencyOf(Tuple.of(200, Arbitraries.of(NAMES)), Tuple.of(1, Arbitraries.just("na\\u006de")));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.recursive(this::leaf, this::container, 0, 4);
  }

  private Arbitrary<String> leaf() {
    return Arbitraries.frequencyOf(
        Tuple.of(180, goodLeaf()),
        Tuple.of(1, Arbitraries.of(BAD_STRINGS).map(text -> "\"" + text + "\"")),
        Tuple.of(1, Arbitraries.of(BAD_NUMBERS)));
  }

  private Arbitrary<String> goodLeaf() {
    return Arbitraries.frequencyOf(
        Tuple.of(100, Arbitraries.of(STRINGS).map(text -> "\"" + text + "\"")),
        Tuple.of(50, Arbitraries.of(NUMBERS)),
        Tuple.of(30, Arbitraries.of("true", "false", "null")));
  }

  private Arbitrary<String> container(Arbitrary<String> inner) {
    Arbitrary<String> space = Arbitraries.of("", "", "", " ", "\n\t ", "\r\n");
    Arbitrary<String> array = Combinators.combine(inner.list().ofMaxSize(3), space)
        .as((items, gap) -> "[" + gap + String.join("," + gap, items) + "]");
    Arbitrary<String> member = Combinators.combine(names(), inner, space)
        .as((name, value, gap) -> "\"" + name + "\"" + gap + ":" + gap + value);
    Arbitrary<String> object = Combinators.combine(member.list().ofMaxSize(4), space)
        .as((members, gap) -> "{" + gap + String.join("," + gap, members) + gap + "}");
    return Arbitraries.oneOf(array, object);
  }

  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> timestamp = Arbitraries.of("\"@timestamp\":\"2026-03-02T08:00:00Z\",",
        "\"@timestamp\":1767225600000,", "\"@timestamp\":\"soon\",", "");
    Arbitrary<String> member = Combinators.combine(names(), values())
        .as((name, value) -> "\"" + name + "\":" + value);
    return Combinators.combine(timestamp, member.list().ofMaxSize(5))
        .as((time, members) -> "{" + time + String.join(",", members) + "}")
        .map(event -> event.endsWith(",}") ? event.replace(",}", "}") : event);
  }

  /** Mostly the defaults; sometimes limits that the generated events reach. */
  @Provide
  Arbitrary<EventLimits> limits() {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(EventLimits.DEFAULTS)),
        Tuple.of(1, Arbitraries.just(new EventLimits(4, 60, 12))));
  }

  @Provide
  Arbitrary<List<String>> batches() {
    return events().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Integer>> damage() {
    Arbitrary<List<Integer>> some = Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(3);
    return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(1, some));
  }

  @Property(tries = 3000)
  void aBodyReadsAsJacksonReadsIt(@ForAll("batches") List<String> events, @ForAll BodyFormat format,
      @ForAll("damage") List<Integer> damage, @ForAll("limits") EventLimits limits) {
    String text = format == BodyFormat.NDJSON ? String.join("\n", events)
        : events.size() == 1 ? events.get(0) : "[" + String.join(",", events) + "]";
    byte[] body = damaged(bytes(text), damage);
    // Read from the middle of a larger buffer, as the bulk API does: nothing past the window counts.
    byte[] buffer = new byte[body.length + 8];
    System.arraycopy(body, 0, buffer, 4, body.length);
    buffer[buffer.length - 4] = '"';
    buffer[buffer.length - 3] = '}';
    EventReader reader = new EventReader(schema, limits, false);

    Object direct = outcome(() -> reader.read(buffer, 4, body.length, format, 3));
    Object jackson = outcome(() -> reader.readWithJackson(buffer, 4, body.length, format, 3));

    Statistics.label("read directly").collect(reader.readDirect(buffer, 4, body.length, format, 3) != null);
    Statistics.label("read directly").coverage(coverage -> coverage.check(true).percentage(share -> share > 10));
    assertThat(direct).isEqualTo(jackson);
  }

  /**
   * Names for events of a few shapes: wanted ones, and unwanted ones that share their first seven,
   * eight or nine bytes or extend a wanted one, so that a name is often nearly the one last seen
   * at its place in its object.
   */
  private static final String[] SHAPE_NAMES = {"process", "name", "args", "host", "id", "a", "b", "a.b",
      "process.name", "process.nam", "process.names", "process.args", "host.id", "host.idx", "abcdefg", "abcdefgh",
      "abcdefgi", "abcdefghi", "abcdefghj", "abcdefghijklmnopq", "abcdefghijklmnopr", "", "é", "éé", "x"};

  /**
   * String values that share their first seven, eight or nine bytes, or extend one another, or are
   * one text written with and without an escape: near-equal values in one batch, which the
   * reader's {@code RepeatedStrings} must tell apart.
   */
  private static final String[] SHAPE_VALUES = {"\"sh\"", "\"shx\"", "\"s\"", "\"\"", "\"bash1234\"", "\"bash12345\"",
      "\"bash1235\"", "\"bash123\"", "\"" + "x".repeat(70) + "\"", "\"" + "x".repeat(71) + "\"",
      "\"" + "x".repeat(69) + "y\"", "\"\\u0073h\"", "\"s\\\"h\"", "\"é中\"", "\"é中😀\"", "7", "-1.5", "true", "null"};

  /** An object of {@code members} named from {@link #SHAPE_NAMES}, each value a leaf or an object like it. */
  private Arbitrary<List<String>> shapeMembers(int depth) {
    Arbitrary<String> leaf = Arbitraries.oneOf(goodLeaf(), Arbitraries.of(SHAPE_VALUES));
    Arbitrary<String> value = depth == 0 ? leaf
        : Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, shapeMembers(depth - 1).map(DirectScanProperties::object)));
    return Combinators.combine(Arbitraries.of(SHAPE_NAMES), value).as((name, text) -> "\"" + name + "\":" + text)
        .list().ofMinSize(1).ofMaxSize(8);
  }

  private static String object(List<String> members) {
    return "{" + String.join(",", members) + "}";
  }

  /**
   * A batch of events made from a few templates, each event its template with now and then a
   * member renamed, dropped, moved or given another value: the ways the shape of a stream's events
   * varies, and its values.
   */
  @Provide
  Arbitrary<List<String>> shapedBatches() {
    Arbitrary<List<List<String>>> templates = shapeMembers(2).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<List<Integer>> choices = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(2).ofMaxSize(40);
    Arbitrary<List<String>> renames = Arbitraries.of(SHAPE_NAMES).list().ofSize(40);
    Arbitrary<List<String>> revalues = Arbitraries.of(SHAPE_VALUES).list().ofSize(40);
    return Combinators.combine(templates, choices, renames, revalues).as((kinds, picks, names, texts) -> {
      List<String> events = new ArrayList<>();
      for (int i = 0; i < picks.size(); i++) {
        int pick = picks.get(i);
        List<String> members = new ArrayList<>(kinds.get(pick % kinds.size()));
        int at = (pick >>> 8) % members.size();
        switch ((pick >>> 16) % 8) {
          case 0 -> members.set(at, "\"" + names.get(i) + "\"" + members.get(at).substring(members.get(at).indexOf("\":") + 1));
          case 1 -> {
            if (members.size() > 1) {
              members.remove(at);
            }
          }
          case 2 -> members.add(members.remove(at));
          case 3, 4 -> members.set(at, members.get(at).substring(0, members.get(at).indexOf("\":") + 2) + texts.get(i));
          default -> { } // as the template
        }
        events.add("{\"@timestamp\":1767225600000," + String.join(",", members) + "}");
      }
      return events;
    });
  }

  @Property(tries = 1000)
  void eventsOfFewShapesReadAsJacksonReadsThem(@ForAll("shapedBatches") List<String> events, @ForAll BodyFormat format) {
    String text = format == BodyFormat.NDJSON ? String.join("\n", events) : "[" + String.join(",", events) + "]";
    byte[] body = bytes(text);
    EventReader reader = new EventReader(schema);

    Object direct = outcome(() -> reader.read(body, 0, body.length, format, 100));

    Statistics.label("read directly").collect(reader.readDirect(body, 0, body.length, format, 100) != null);
    Statistics.label("read directly").coverage(coverage -> coverage.check(true).percentage(share -> share > 50));
    assertThat(direct).isEqualTo(outcome(() -> reader.readWithJackson(body, 0, body.length, format, 100)));
  }

  /** {@code body} with a damaging byte sequence at each position of {@code damage} (as a share of its length). */
  private static byte[] damaged(byte[] body, List<Integer> damage) {
    byte[] result = body;
    for (int at : damage) {
      int position = (int) ((long) at * result.length >> 20);
      byte[] inserted = DAMAGE[at % DAMAGE.length];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(result, 0, position);
      if (at % 3 == 0) {
        out.write(inserted, 0, inserted.length); // insert
      } else if (at % 3 == 1 && position < result.length) {
        out.write(inserted, 0, inserted.length); // replace one byte
        position++;
      } // else truncate here
      if (at % 3 != 2) {
        out.write(result, position, result.length - position);
      }
      result = out.toByteArray();
    }
    return result;
  }

  private Object outcome(java.util.function.Supplier<Batch> read) {
    try {
      Batch batch = read.get();
      List<Object> described = new ArrayList<>();
      for (Event event : batch.events()) {
        described.add(List.of(event.index(), event.timestamp(), event.sequence(),
            Arrays.deepToString(event.values()), event.source().toString()));
      }
      described.add(batch.rejections());
      return described;
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  @Test
  void bodiesAtTheEdgesOfTheGrammarReadAsJacksonReadsThem() {
    String event = "{\"@timestamp\":1767225600000,\"process.name\":\"sh\"}";
    List<String> bodies = List.of("", " ", "\n\n", event + event, event + " " + event, event + "\n\n" + event + "\n",
        "[" + event + "]", "[]", "[ ]", "[" + event + ",]", "[," + event + "]", event + ",", event + "x", "1", "\"x\"",
        "null", "[1]", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":01}",
        "{\"a\":[1 2]}", "\uFEFF" + event, event.substring(0, event.length() - 1));
    EventReader reader = new EventReader(schema);
    for (String text : bodies) {
      for (BodyFormat format : BodyFormat.values()) {
        byte[] body = bytes(text);
        assertThat(outcome(() -> reader.read(body, 0, body.length, format, 10)))
            .as("%s as %s", text, format)
            .isEqualTo(outcome(() -> reader.readWithJackson(body, 0, body.length, format, 10)));
      }
    }
  }

  @Test
  void typicalEventsAreReadDirectly() {
    String windows = "{\"@timestamp\":\"2026-03-02T08:00:00.123Z\",\"host\":{\"id\":\"h-1\",\"os\":{\"type\":\"windows\"}},"
        + "\"process\":{\"name\":\"cmd.exe\",\"args\":[\"C:\\\\Windows\\\\cmd.exe\",\"/c\",\"écho \\\"x\\\"\"],"
        + "\"pid\":4120,\"parent\":{\"pid\":-1,\"ratio\":1.5e3}},\"a.b\":null,\"tags\":[[],{},true,false]}";
    String linux = "{ \"@timestamp\" : 1767225600000 , \"process.name\" : \"sh\" , \"event\" : { \"sequence\" : 7 } }";
    byte[] body = bytes(windows + "\n" + linux + "\n");
    EventReader reader = new EventReader(schema);

    Batch batch = reader.readDirect(body, 0, body.length, BodyFormat.NDJSON, 10);

    assertThat(batch).isNotNull();
    assertThat(batch).usingRecursiveComparison()
        .isEqualTo(reader.readWithJackson(body, 0, body.length, BodyFormat.NDJSON, 10));
    assertThat(batch.events().get(0).values()[schema.names().indexOf("process.args")])
        .isEqualTo(new String[] {"C:\\Windows\\cmd.exe", "/c", "écho \"x\""});
  }

  @Test
  void aNameNearlyTheOneItsObjectHadAtThatPlaceIsReadAsWhatItIs() {
    String body = "{\"@timestamp\":1,\"process\":{\"name\":\"sh\",\"args\":[\"-c\"]}}\n"
        + "{\"@timestamp\":2,\"process\":{\"names\":\"x\",\"args\":[\"-i\"]}}\n"
        + "{\"@timestamp\":3,\"process\":{\"args\":[\"-l\"],\"name\":\"bash\"}}\n"
        + "{\"@timestamp\":4,\"process\":{\"nam\":\"y\",\"name\":\"zsh\"}}\n"
        + "{\"@timestamp\":5,\"process\":{\"name\":\"sh\",\"args\":[\"-c\"]}}";
    byte[] bytes = bytes(body);
    EventReader reader = new EventReader(schema);

    Batch batch = reader.readDirect(bytes, 0, bytes.length, BodyFormat.NDJSON, 10);

    assertThat(batch).isNotNull();
    int name = schema.names().indexOf("process.name");
    int args = schema.names().indexOf("process.args");
    assertThat(batch.events()).extracting(event -> event.values()[name])
        .containsExactly("sh", null, "bash", "zsh", "sh");
    assertThat(batch.events()).extracting(event -> event.values()[args])
        .containsExactly("-c", "-i", "-l", null, "-c");
  }

  @Test
  void namesBeyondThePlacesRememberedAreReadAsJacksonReadsThem() {
    StringBuilder body = new StringBuilder();
    for (int event = 0; event < 3; event++) {
      body.append("{\"@timestamp\":").append(event).append(",\"process\":{");
      for (int member = 0; member < 300; member++) {
        body.append("\"m").append((member + event) % 300).append("\":").append(member).append(',');
      }
      body.append("\"name\":\"sh").append(event).append("\"}}\n");
    }
    byte[] bytes = bytes(body.toString());
    EventReader reader = new EventReader(schema);

    Batch batch = reader.readDirect(bytes, 0, bytes.length, BodyFormat.NDJSON, 10);

    assertThat(batch).isNotNull();
    assertThat(batch).usingRecursiveComparison()
        .isEqualTo(reader.readWithJackson(bytes, 0, bytes.length, BodyFormat.NDJSON, 10));
    int name = schema.names().indexOf("process.name");
    assertThat(batch.events()).extracting(event -> event.values()[name]).containsExactly("sh0", "sh1", "sh2");
  }
}
