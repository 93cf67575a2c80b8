package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SampleFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The join-key values of a sample, one per key position; {@code null} only at an optional key that
 * the events lack. Equal when all values are equal, exactly and case-sensitively.
 *
 * <p>Elasticsearch groups a sample's events with a composite aggregation over the key fields
 * ({@code SampleQueryRequest.withCompositeAggregation}): a document with several values in a key
 * field falls in one bucket per value, and with several multi-valued keys in one bucket per
 * combination. Buckets come in ascending order, a missing value first. {@link #of} and
 * {@link #compareTo} model exactly that.
 */
record SampleKey(String[] values) implements Comparable<SampleKey> {

  /**
   * Bound on the key combinations one event can fall in; an event whose multi-valued keys
   * multiply to more is grouped under the first this many. Elasticsearch has no such bound, but a
   * bucket per combination of, say, three fields of 100 values each is not a sample anyone meant.
   */
  static final int MAX_COMBINATIONS = 1024;

  /** The keys an event falls under for one filter; empty when a plain key is missing. */
  static List<SampleKey> of(SampleFilter filter, Object[] eventValues) {
    int[] slots = filter.keySlots();
    boolean[] optional = filter.optional();
    List<SampleKey> keys = new ArrayList<>(1);
    keys.add(new SampleKey(new String[slots.length]));
    for (int position = 0; position < slots.length; position++) {
      Object value = eventValues[slots[position]];
      String[] choices;
      if (value == null) {
        if (!optional[position]) {
          return List.of();
        }
        choices = new String[] {null};
      } else if (value instanceof String[] many) {
        Set<String> distinct = new LinkedHashSet<>(Arrays.asList(many));
        choices = distinct.toArray(String[]::new);
      } else {
        choices = new String[] {(String) value};
      }
      List<SampleKey> next = new ArrayList<>(keys.size() * choices.length);
      for (SampleKey key : keys) {
        for (String choice : choices) {
          if (next.size() == MAX_COMBINATIONS) {
            break;
          }
          String[] values = key.values.clone();
          values[position] = choice;
          next.add(new SampleKey(values));
        }
      }
      keys = next;
    }
    return keys;
  }

  /** The values as a response or an alert shows them: strings, and null for a missing optional key. */
  List<Object> asList() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList((Object[]) values)));
  }

  /**
   * The composite aggregation's order: position by position, a missing value first, numbers by
   * value when both values are numbers (a numeric field), otherwise by code point (a keyword
   * field's UTF-8 byte order). SeqWatch has no mapping, so "a number" means "reads as one".
   */
  @Override
  public int compareTo(SampleKey other) {
    for (int i = 0; i < values.length; i++) {
      int order = compare(values[i], other.values[i]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static int compare(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    BigDecimal x = number(a);
    BigDecimal y = x == null ? null : number(b);
    if (x != null && y != null) {
      int order = x.compareTo(y);
      if (order != 0) {
        return order;
      }
    }
    return codePointOrder(a, b);
  }

  private static int codePointOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static BigDecimal number(String text) {
    if (text.isEmpty() || text.length() > 64) {
      return null;
    }
    char first = text.charAt(0);
    if (first != '-' && (first < '0' || first > '9')) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SampleKey that && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
