package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader refuses an event exactly when it is over one of its limits, whatever the event's
 * shape and whichever parts of it the rules read: depth, field names and string lengths are
 * measured here independently, on the same document as a tree, and compared with the reader.
 */
class EventLimitsProperties {

  private static final JsonMapper JSON = new JsonMapper();
  private final FieldSchema schema = FieldSchema.builder().build();

  /** A random JSON value: nested objects and arrays of strings and numbers, names from a small pool. */
  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(this::leaf, this::container, 0, 6);
  }

  private Arbitrary<Object> leaf() {
    return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(12).map(text -> (Object) text),
        Arbitraries.integers().map(number -> (Object) number));
  }

  private Arbitrary<Object> container(Arbitrary<Object> inner) {
    Arbitrary<Object> list = inner.list().ofMaxSize(3).map(items -> (Object) items);
    Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().withChars("abcdefgh.").ofMinLength(1)
        .ofMaxLength(10), inner).ofMaxSize(4).map(members -> (Object) members);
    return Arbitraries.oneOf(list, map);
  }

  @Property(tries = 500)
  void anEventIsRefusedExactlyWhenItIsOverALimit(@ForAll("values") Object body,
      @ForAll("depths") int maxDepth, @ForAll("lengths") int maxString, @ForAll("counts") int maxFields) {
    Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("@timestamp", "2026-03-02T08:00:00Z");
    event.put("body", body);
    Shape shape = measure(event, 1);
    byte[] bytes = JSON.writeValueAsBytes(List.of(event));
    EventReader reader = new EventReader(schema, new EventLimits(maxDepth, maxString, maxFields), false);

    boolean over = shape.depth > maxDepth || shape.fields > maxFields || shape.longestString > maxString;
    Statistics.label("refused").collect(over);
    Statistics.label("refused").coverage(coverage -> {
      coverage.check(true).percentage(percentage -> percentage > 10);
      coverage.check(false).percentage(percentage -> percentage > 10);
    });
    if (over) {
      List<LimitExceededException.Limit> passed = new ArrayList<>();
      if (shape.depth > maxDepth) {
        passed.add(LimitExceededException.Limit.NESTING_DEPTH);
      }
      if (shape.fields > maxFields) {
        passed.add(LimitExceededException.Limit.FIELDS_PER_EVENT);
      }
      if (shape.longestString > maxString) {
        passed.add(LimitExceededException.Limit.STRING_LENGTH);
      }
      assertThatThrownBy(() -> reader.read(bytes, 0, bytes.length, BodyFormat.JSON))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.event()).isZero();
            assertThat(e.limit()).isIn(passed);
          });
    } else {
      assertThat(reader.read(bytes, 0, bytes.length, BodyFormat.JSON).events()).hasSize(1);
    }
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.integers().between(1, 8);
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.integers().between(10, 40);
  }

  @Provide
  Arbitrary<Integer> counts() {
    return Arbitraries.integers().between(2, 40);
  }

  /** What the reader bounds, measured on the tree: nesting (the event is level 1), names, strings. */
  private static final class Shape {
    int depth;
    int fields;
    int longestString;
  }

  private static Shape measure(Object value, int depth) {
    Shape shape = new Shape();
    walk(value, depth, shape);
    return shape;
  }

  private static void walk(Object value, int depth, Shape shape) {
    if (value instanceof Map<?, ?> members) {
      shape.depth = Math.max(shape.depth, depth);
      for (Map.Entry<?, ?> member : members.entrySet()) {
        shape.fields++;
        shape.longestString = Math.max(shape.longestString, ((String) member.getKey()).length());
        walk(member.getValue(), depth + 1, shape);
      }
    } else if (value instanceof List<?> items) {
      shape.depth = Math.max(shape.depth, depth);
      for (Object item : items) {
        walk(item, depth + 1, shape);
      }
    } else if (value instanceof String text) {
      shape.longestString = Math.max(shape.longestString, text.length());
    }
  }
}
