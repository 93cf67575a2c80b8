package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.EventPredicate;
import dev.seqwatch.plan.Planner;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link JoinKeys#single}, the matcher's shortcut for keys of one value per field, answers as
 * {@link JoinKeys#of} does: {@link JoinKeys#MISSING} only when it gives no key, the one key it
 * gives when no key field has an array, and null (ask {@link JoinKeys#of}, which may still give
 * none, for an empty array) only when one has.
 */
class JoinKeysProperties {

  private static final int SLOTS = 4;
  /** A stage's condition; the keys are what is tested. */
  private static final EventPredicate ANY =
      ((EventPlan) Planner.plan(EqlParser.parse("any where true"), FieldSchema.builder())).predicate();

  @Property(tries = 1000)
  void theShortcutAnswersAsTheFullExtraction(@ForAll("values") Object[] values,
      @ForAll @IntRange(max = SLOTS) int keys, @ForAll("optional") boolean[] optional) {
    int[] slots = new int[keys];
    boolean[] optionalKeys = new boolean[keys];
    for (int i = 0; i < keys; i++) {
      slots[i] = i;
      optionalKeys[i] = optional[i];
    }
    Stage stage = new Stage(ANY, slots, List.of("a", "b", "c", "d").subList(0, keys), optionalKeys, false);

    List<Object[]> expected = reference(values, keys, optionalKeys);
    Object[] single = JoinKeys.single(stage, values);
    List<Object[]> all = JoinKeys.of(stage, values);

    assertThat(all).usingElementComparator((x, y) -> Arrays.equals(x, y) ? 0 : 1).containsExactlyElementsOf(expected);
    boolean anArray = Arrays.stream(values, 0, keys).anyMatch(value -> value instanceof String[]);
    if (single == JoinKeys.MISSING) {
      assertThat(expected).isEmpty();
    } else if (single == null) {
      assertThat(anArray).as("asked to extract them all only for a field with an array").isTrue();
    } else {
      assertThat(anArray).isFalse();
      assertThat(expected).hasSize(1);
      assertThat(single).containsExactly(expected.get(0));
    }
    if (expected.isEmpty() && !anArray) {
      assertThat(single).isSameAs(JoinKeys.MISSING);
    }
  }

  /**
   * The keys as semantics §3.5 and §3.6 describe them, written out plainly: none if a mandatory
   * field is missing; else the cartesian product of the fields' values (each array's values in
   * turn, over the keys made of the fields before it), each distinct key once.
   */
  private static List<Object[]> reference(Object[] values, int keys, boolean[] optional) {
    List<Object[]> product = new ArrayList<>();
    product.add(new Object[keys]);
    for (int i = 0; i < keys; i++) {
      Object value = values[i];
      if (value == null && !optional[i]) {
        return List.of();
      }
      Object[] choices = value instanceof String[] many ? many : new Object[] {value};
      List<Object[]> next = new ArrayList<>();
      for (Object choice : choices) {
        for (Object[] prefix : product) {
          Object[] key = prefix.clone();
          key[i] = choice;
          next.add(key);
        }
      }
      product = next;
    }
    List<Object[]> distinct = new ArrayList<>();
    for (Object[] key : product) {
      if (distinct.stream().noneMatch(seen -> Arrays.equals(seen, key))) {
        distinct.add(key);
      }
    }
    return distinct;
  }

  @Provide
  Arbitrary<Object[]> values() {
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.of("h-1", "h-2", "bash").map(Object.class::cast),
        Arbitraries.of("x", "y", "x").array(String[].class).ofMaxSize(3).map(Object.class::cast),
        Arbitraries.just(null));
    return value.array(Object[].class).ofSize(SLOTS);
  }

  @Provide
  Arbitrary<boolean[]> optional() {
    return Arbitraries.of(true, false).array(boolean[].class).ofSize(SLOTS);
  }
}
