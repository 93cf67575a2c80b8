package dev.seqwatch.plan;

import dev.seqwatch.event.FieldMapping;
import dev.seqwatch.event.Timestamps;
import java.time.Instant;

/**
 * The typed values that functions and value comparisons work on, as Elasticsearch's scripts see
 * doc values: {@link String} (keyword, ip, text), {@link Long} (every integer field type),
 * {@link Double} (every floating type), {@link Boolean}, {@link Instant} (date), {@link SemVer}
 * (version), and {@link Integer} for integer constants and the results of {@code length} and
 * {@code indexOf}, as EQL types them. Null is missing.
 */
final class Values {

  private Values() {
  }

  /**
   * The value of one JSON text of a field with {@code mapping}, or null where Elasticsearch would
   * hold no doc value: a keyword over {@code ignore_above}, a number in a boolean field. A value
   * Elasticsearch would refuse to index (text in a long field) is null too: such a document would
   * not be in the index at all.
   */
  static Object typed(String text, FieldMapping mapping) {
    switch (mapping.type()) {
      case KEYWORD:
      case TEXT:
      case IP:
        return text.length() > mapping.ignoreAbove() ? null : text;
      case LONG:
        if (!RangeTest.isNumber(text)) {
          return null;
        }
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          return (long) Double.parseDouble(text); // Elasticsearch coerces 1.5 to 1
        }
      case DOUBLE:
        return RangeTest.isNumber(text) ? Double.parseDouble(text) : null;
      case DATE:
        long millis = Timestamps.parseMillis(text);
        return millis == Timestamps.INVALID ? null : Instant.ofEpochMilli(millis);
      case BOOLEAN:
        return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
      case VERSION:
        return new SemVer(text);
      default:
        // A field in no mapping: a number when its text reads as one (Elasticsearch maps a JSON
        // number as long or float, and the reader keeps no other trace of it), else its text (§13).
        if (RangeTest.isNumber(text)) {
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException e) {
            return Double.parseDouble(text);
          }
        }
        return text.length() > mapping.ignoreAbove() ? null : text;
    }
  }

  /** A constant as EQL types it: whole numbers that fit are {@code integer}, others {@code long}. */
  static Object constant(Object literal) {
    if (literal instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    return literal;
  }

  /** How a value reads as text, as {@code Object.toString()} on a doc value does. */
  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * Elasticsearch's {@code Comparisons.compare}: null when either side is null or the two cannot
   * be compared; numbers by value, strings by code unit, dates with a date, an ISO string or epoch
   * milliseconds, versions by precedence. A string that reads as a number compares with a number,
   * as a field in no mapping would (§10.5).
   */
  static Integer compare(Object left, Object right) {
    if (left == null || right == null) {
      return null;
    }
    if (left instanceof Number l && right instanceof Number r) {
      return compareNumbers(l, r);
    }
    if (left instanceof Instant || right instanceof Instant) {
      Long l = millis(left);
      Long r = millis(right);
      return l == null || r == null ? null : Long.compare(l, r);
    }
    if (left instanceof SemVer || right instanceof SemVer) {
      return left instanceof String || left instanceof SemVer ? SemVer.of(left).compareTo(SemVer.of(right)) : null;
    }
    if (left instanceof String l && right instanceof String r) {
      return l.compareTo(r);
    }
    if (left instanceof Boolean l && right instanceof Boolean r) {
      return Boolean.compare(l, r);
    }
    if (left instanceof String l && right instanceof Number r && RangeTest.isNumber(l)) {
      return compareNumbers(Double.parseDouble(l), r);
    }
    if (left instanceof Number l && right instanceof String r && RangeTest.isNumber(r)) {
      return compareNumbers(l, Double.parseDouble(r));
    }
    if (left instanceof Boolean || right instanceof Boolean) {
      Boolean l = bool(left);
      Boolean r = bool(right);
      return l == null || r == null ? null : Boolean.compare(l, r);
    }
    return null;
  }

  /** A boolean, or the text {@code true}/{@code false} of a field in no mapping; else null. */
  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
  }

  private static Integer compareNumbers(Number l, Number r) {
    if (isIntegral(l) && isIntegral(r)) {
      return Long.compare(l.longValue(), r.longValue());
    }
    return Double.compare(l.doubleValue(), r.doubleValue());
  }

  static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer;
  }

  private static Long millis(Object value) {
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    if (value instanceof String text) {
      long millis = Timestamps.parseMillis(text);
      return millis == Timestamps.INVALID ? null : millis;
    }
    return null;
  }
}
