package dev.seqwatch.plan;

import java.util.Locale;

/**
 * Elasticsearch's EQL functions as its {@code *FunctionProcessor} classes compute them on one value
 * of each argument: a null input gives null, and where the processor throws, so does this, with
 * {@link ArgumentException} (the caller names the function, the argument and the position). Case-insensitive
 * forms lower-case with {@code Locale.ROOT}, as the processors do. Sources per function in
 * docs/semantics.md §14.
 */
final class Functions {

  private Functions() {
  }

  /** {@code BetweenFunctionProcessor}, {@code StringUtils.between}. */
  static String between(String input, String left, String right, boolean greedy, boolean caseInsensitive) {
    if (input == null) {
      return null;
    }
    requireString(left, 1);
    requireString(right, 2);
    if (input.isEmpty() || left.isEmpty() || right.isEmpty()) {
      return input;
    }
    String match = input;
    if (caseInsensitive) {
      match = match.toLowerCase(Locale.ROOT);
      left = left.toLowerCase(Locale.ROOT);
      right = right.toLowerCase(Locale.ROOT);
    }
    int at = match.indexOf(left);
    if (at < 0) {
      return "";
    }
    int start = at + left.length();
    int end = greedy ? match.lastIndexOf(right) : match.indexOf(right, start);
    if (end < start) {
      return "";
    }
    return input.substring(start, end);
  }

  /** {@code ConcatFunctionProcessor}: any null argument makes the result null. */
  static String concat(Object[] values) {
    StringBuilder text = new StringBuilder();
    for (Object value : values) {
      if (value == null) {
        return null;
      }
      text.append(value);
    }
    return text.toString();
  }

  /** QL {@code EndsWithFunctionProcessor}. */
  static Boolean endsWith(String input, String pattern, boolean caseInsensitive) {
    if (input == null || pattern == null) {
      return null;
    }
    return caseInsensitive
        ? input.toLowerCase(Locale.ROOT).endsWith(pattern.toLowerCase(Locale.ROOT))
        : input.endsWith(pattern);
  }

  /** QL {@code StartsWithFunctionProcessor}. */
  static Boolean startsWith(String input, String pattern, boolean caseInsensitive) {
    if (input == null || pattern == null) {
      return null;
    }
    return caseInsensitive
        ? input.toLowerCase(Locale.ROOT).startsWith(pattern.toLowerCase(Locale.ROOT))
        : input.startsWith(pattern);
  }

  /** {@code IndexOfFunctionProcessor}: null when not found. */
  static Integer indexOf(String input, String substring, Number start, boolean caseInsensitive) {
    if (input == null || substring == null) {
      return null;
    }
    int from = start == null ? 0 : start.intValue();
    int found = caseInsensitive
        ? input.toLowerCase(Locale.ROOT).indexOf(substring.toLowerCase(Locale.ROOT), from)
        : input.indexOf(substring, from);
    return found < 0 ? null : found;
  }

  /** {@code LengthFunctionProcessor}: UTF-16 code units, as {@code String.length()}. */
  static Integer length(String input) {
    return input == null ? null : input.length();
  }

  /**
   * {@code StringContainsFunctionProcessor}, {@code StringUtils.stringContains}: false when either
   * string is empty.
   */
  static Boolean stringContains(String string, String substring, boolean caseInsensitive) {
    if (string == null || substring == null) {
      return null;
    }
    if (string.isEmpty() || substring.isEmpty()) {
      return false;
    }
    return caseInsensitive
        ? string.toLowerCase(Locale.ROOT).contains(substring.toLowerCase(Locale.ROOT))
        : string.contains(substring);
  }

  /** {@code SubstringFunctionProcessor}, {@code StringUtils.substringSlice}: Python slice rules. */
  static String substring(String input, Number start, Number end) {
    if (input == null) {
      return null;
    }
    if (input.isEmpty()) {
      return input;
    }
    int length = input.length();
    int from = start == null ? 0 : start.intValue();
    int to = end == null ? length : end.intValue();
    if (from < 0) {
      from = Math.max(0, from + length);
    }
    if (to < 0) {
      to = Math.max(0, to + length);
    } else if (to > length) {
      to = length;
    }
    return from >= to ? "" : input.substring(from, to);
  }

  /**
   * {@code ToNumberFunctionProcessor}: base 10 reads a long, else a double; a {@code 0x} prefix
   * means base 16 when no base is given and is dropped when the base is 16.
   */
  static Number number(String value, Integer base) {
    if (value == null) {
      return null;
    }
    boolean hex = value.startsWith("0x");
    int radix = base == null ? (hex ? 16 : 10) : base;
    String digits = hex && radix == 16 ? value.substring(2) : value;
    try {
      if (radix == 10) {
        try {
          return Long.valueOf(digits);
        } catch (NumberFormatException e) {
          return Double.valueOf(digits);
        }
      }
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new ArgumentException(0, "Unable to convert [" + digits + "] to number of base [" + radix + "]");
    }
  }

  private static void requireString(String value, int argument) {
    if (value == null) {
      throw new ArgumentException(argument, "A string/char is required; received [null]");
    }
  }
}
