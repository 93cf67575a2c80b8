package dev.seqwatch.plan.regexp;

/**
 * Lucene's numeric interval {@code <n-m>}: the decimal numbers from n to m (either way round).
 * When n and m are written with as many digits, a number must be written with exactly that many,
 * zero-padded; otherwise any number of leading zeros is allowed.
 */
final class Interval {

  private Interval() {
  }

  static Term of(Terms terms, String first, String second) {
    long a = Long.parseLong(first);
    long b = Long.parseLong(second);
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    if (first.length() == second.length()) {
      int digits = first.length();
      return digits(terms, pad(min, digits), pad(max, digits));
    }
    Term any = terms.empty;
    int longest = Long.toString(max).length();
    for (int length = 1; length <= longest; length++) {
      long top = Math.min(max, pow10(length) - 1);
      if (min <= top) {
        any = terms.union(any, digits(terms, pad(min, length), pad(top, length)));
      }
    }
    return terms.concat(terms.star(terms.chars(CodePoints.of('0'))), any);
  }

  /** The digit strings of one length from {@code low} to {@code high}, both of that length. */
  private static Term digits(Terms terms, String low, String high) {
    if (low.isEmpty()) {
      return terms.epsilon;
    }
    char lo = low.charAt(0);
    char hi = high.charAt(0);
    String lowRest = low.substring(1);
    String highRest = high.substring(1);
    if (lo == hi) {
      return terms.concat(terms.chars(CodePoints.of(lo)), digits(terms, lowRest, highRest));
    }
    Term lower = terms.concat(terms.chars(CodePoints.of(lo)), digits(terms, lowRest, "9".repeat(lowRest.length())));
    Term middle = terms.concat(terms.chars(CodePoints.range(lo + 1, hi - 1)),
        terms.repeat(terms.chars(CodePoints.range('0', '9')), lowRest.length(), lowRest.length()));
    Term upper = terms.concat(terms.chars(CodePoints.of(hi)), digits(terms, "0".repeat(highRest.length()), highRest));
    return terms.union(terms.union(lower, middle), upper);
  }

  private static String pad(long value, int digits) {
    String text = Long.toString(value);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
