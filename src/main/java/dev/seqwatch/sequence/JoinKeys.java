package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The join keys one event has in one stage, as Elasticsearch extracts them
 * ({@code TumblingWindow.wrapValues}, {@code extractJoinKeys}):
 *
 * <ul>
 *   <li>A key whose field has several values gives one join key per value, and several such keys
 *       their cartesian product; the event takes part in the sequence of each (semantics §3.5).
 *       Values come as the event holds them: JSON nulls dropped, order and duplicates kept, as the
 *       {@code fields} API returns them. A value repeated in one array is one key: Elasticsearch
 *       feeds the same hit twice under the same key, which changes nothing the second time.
 *   <li>A missing value excludes the event, unless the key is optional ({@code ?field}), whose
 *       missing value is the key value null; null joins with null (§3.6).
 * </ul>
 *
 * Every key value in a result is a {@code String} or null, never an array.
 */
final class JoinKeys {

  private JoinKeys() {
  }

  /** The event's join keys in {@code stage}: none when a mandatory key is missing. */
  static List<Object[]> of(Stage stage, Object[] values) {
    Object[] key = read(stage, values);
    return key == MISSING ? List.of() : multiValued(key) ? expand(key) : Collections.singletonList(key);
  }

  /** What {@link #single} returns when a mandatory key is missing. */
  static final Object[] MISSING = new Object[0];

  /**
   * The event's one join key in {@code stage}, as {@link #of} would give it alone, when no key field
   * has an array of values; {@link #MISSING} when a mandatory key is missing, and {@link #of} gives
   * none; null when a key field has an array, and only {@link #of} can tell (several keys, or none
   * for an empty array). The matcher asks this first, since nearly every key is one value per field.
   */
  static Object[] single(Stage stage, Object[] values) {
    Object[] key = read(stage, values);
    return key != MISSING && multiValued(key) ? null : key;
  }

  /** The stage's key fields' values as the event holds them, or {@link #MISSING}. */
  private static Object[] read(Stage stage, Object[] values) {
    Object[] key = new Object[stage.keyCount()];
    for (int i = 0; i < key.length; i++) {
      Object value = values[stage.keySlot(i)];
      if (value == null && !stage.isOptionalKey(i)) {
        return MISSING;
      }
      key[i] = value;
    }
    return key;
  }

  private static boolean multiValued(Object[] key) {
    for (Object value : key) {
      if (value instanceof String[]) {
        return true;
      }
    }
    return false;
  }

  /** The cartesian product over the array-valued positions of {@code key}, in Elasticsearch's order. */
  private static List<Object[]> expand(Object[] key) {
    List<Object[]> partial = new ArrayList<>();
    partial.add(key.clone());
    for (int i = 0; i < key.length; i++) {
      if (key[i] instanceof String[] many) {
        List<Object[]> next = new ArrayList<>(many.length * partial.size());
        for (String value : many) {
          for (Object[] prefix : partial) {
            Object[] extended = prefix.clone();
            extended[i] = value;
            next.add(extended);
          }
        }
        partial = next;
      }
    }
    List<Object[]> distinct = new ArrayList<>(partial.size());
    for (Object[] candidate : partial) {
      if (distinct.stream().noneMatch(seen -> Arrays.equals(seen, candidate))) {
        distinct.add(candidate);
      }
    }
    return distinct;
  }
}
