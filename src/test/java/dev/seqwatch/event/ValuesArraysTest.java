package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Values arrays given back after a batch ({@link EventReader#recycle}) and read into again. */
class ValuesArraysTest {

  private final FieldSchema schema = schema();
  private final int processName = schema.names().indexOf("process.name");
  private final int userName = schema.names().indexOf("user.name");
  private final EventReader reader = new EventReader(schema);

  private static FieldSchema schema() {
    FieldSchema.Builder builder = FieldSchema.builder();
    builder.slot("process.name");
    builder.slot("user.name");
    return builder.build();
  }

  private static String event(int second, String fields) {
    return "{\"@timestamp\":\"2026-01-01T00:00:0" + second + "Z\"," + fields + "}\n";
  }

  private List<Event> read(String... events) {
    byte[] body = String.join("", events).getBytes(StandardCharsets.UTF_8);
    return reader.read(body, 0, body.length, BodyFormat.NDJSON).events();
  }

  private static Set<Object[]> arrays(List<Event> events) {
    Set<Object[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    events.forEach(event -> arrays.add(event.values()));
    return arrays;
  }

  @Test
  void aBatchReadAfterAnotherWasGivenBackReusesItsArraysClearedOfItsValues() {
    List<Event> first = read(event(1, "\"process\":{\"name\":\"bash\"},\"user\":{\"name\":\"root\"}"),
        event(2, "\"process\":{\"name\":[\"sh\",\"dash\"]},\"user\":{\"name\":\"root\"}"),
        event(3, "\"process\":{\"name\":\"nc\"},\"user\":{\"name\":\"root\"}"));
    Set<Object[]> given = arrays(first);
    reader.recycle(first);

    List<Event> second = read(event(4, "\"user\":{\"name\":\"alice\"}"), event(5, "\"process\":{\"name\":\"curl\"}"),
        event(6, "\"host\":{\"id\":\"h-1\"}"));

    // The first event of a body makes its own array; the others take the given-back ones.
    assertThat(given).doesNotContain(second.get(0).values());
    assertThat(given).contains(second.get(1).values(), second.get(2).values());
    assertThat(second.get(0).values()[processName]).isNull();
    assertThat(second.get(0).values()[userName]).isEqualTo("alice");
    assertThat(second.get(1).values()[processName]).isEqualTo("curl");
    assertThat(second.get(1).values()[userName]).isNull();
    assertThat(second.get(2).values()[processName]).isNull();
    assertThat(second.get(2).values()[userName]).isNull();
    assertThat(second.get(2).values()[FieldSchema.HOST_ID]).isEqualTo("h-1");
    assertThat(second.get(2).values()[FieldSchema.TIMESTAMP]).isEqualTo("2026-01-01T00:00:06Z");
  }

  @Test
  void aBodyOfOneEventLeavesTheGivenBackArraysToBatches() {
    List<Event> first = read(event(1, "\"user\":{\"name\":\"root\"}"), event(2, "\"user\":{\"name\":\"root\"}"));
    Set<Object[]> given = arrays(first);
    reader.recycle(first);

    List<Event> single = read(event(3, "\"user\":{\"name\":\"bob\"}"));
    List<Event> batch = read(event(4, "\"user\":{\"name\":\"eve\"}"), event(5, "\"user\":{\"name\":\"eve\"}"));

    assertThat(given).doesNotContain(single.get(0).values());
    assertThat(given).contains(batch.get(1).values());
  }

  @Test
  void detachedEventsKeepTheirValuesWhenTheirBatchIsGivenBack() {
    List<Event> first = read(event(1, "\"host\":{\"id\":\"h-1\"}"), event(2, "\"host\":{\"id\":\"h-2\"}"));
    List<Event> kept = first.stream().map(Event::detached).toList();
    reader.recycle(first);

    read(event(3, "\"host\":{\"id\":\"h-3\"}"), event(4, "\"host\":{\"id\":\"h-4\"}"), event(5, "\"host\":{\"id\":\"h-5\"}"));

    assertThat(kept).extracting(event -> event.values()[FieldSchema.HOST_ID]).containsExactly("h-1", "h-2");
  }

  @Test
  void atMostEightThousandArraysWaitWhateverTheBatchSizes() {
    List<List<Event>> batches = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      batches.add(read(Collections.nCopies(1000, event(1, "\"user\":{\"name\":\"root\"}")).toArray(String[]::new)));
    }
    batches.forEach(reader::recycle);

    Set<Object[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
    batches.forEach(batch -> given.addAll(arrays(batch)));
    Set<Object[]> reused = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 10; i++) {
      reused.addAll(arrays(read(Collections.nCopies(1001, event(2, "\"user\":{\"name\":\"x\"}")).toArray(String[]::new))));
    }
    reused.retainAll(given);
    assertThat(reused).hasSize(ValuesArrays.WAITING_ARRAYS);
  }
}
