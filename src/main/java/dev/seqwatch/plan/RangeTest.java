package dev.seqwatch.plan;

import dev.seqwatch.eql.ComparisonOperator;

/**
 * {@code <}, {@code <=}, {@code >}, {@code >=} and numeric {@code ==}. A numeric constant compares
 * numerically with values that read as numbers (JSON numbers and numeric strings) and matches no
 * other value; a string constant compares keyword values in lexicographic order, as a
 * {@code range} query on a keyword field does. Semantics §10.5.
 */
final class RangeTest extends ValueTest {

  private final ComparisonOperator operator;
  private final double number;
  private final String text;

  private RangeTest(ComparisonOperator operator, double number, String text) {
    this.operator = operator;
    this.number = number;
    this.text = text;
  }

  static RangeTest numeric(ComparisonOperator operator, double number) {
    return new RangeTest(operator, number, null);
  }

  static RangeTest keyword(ComparisonOperator operator, String text) {
    return new RangeTest(operator, 0, text);
  }

  @Override
  public boolean test(String value) {
    int order;
    if (text != null) {
      order = value.compareTo(text);
    } else {
      if (!isNumber(value)) {
        return false;
      }
      double parsed = Double.parseDouble(value);
      if (Double.isNaN(parsed)) {
        return false;
      }
      order = Double.compare(parsed, number);
    }
    switch (operator) {
      case EQ: return order == 0;
      case LT: return order < 0;
      case LTE: return order <= 0;
      case GT: return order > 0;
      case GTE: return order >= 0;
      default: throw new IllegalStateException("!= is compiled as not ==");
    }
  }

  /** JSON number syntax, checked before parsing so that no exception is thrown per event. */
  static boolean isNumber(String value) {
    int i = 0;
    int n = value.length();
    if (i < n && value.charAt(i) == '-') {
      i++;
    }
    int digitsStart = i;
    while (i < n && Character.isDigit(value.charAt(i))) {
      i++;
    }
    if (i == digitsStart) {
      return false;
    }
    if (i < n && value.charAt(i) == '.') {
      int fraction = ++i;
      while (i < n && Character.isDigit(value.charAt(i))) {
        i++;
      }
      if (i == fraction) {
        return false;
      }
    }
    if (i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
      i++;
      if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
        i++;
      }
      int exponent = i;
      while (i < n && Character.isDigit(value.charAt(i))) {
        i++;
      }
      if (i == exponent) {
        return false;
      }
    }
    return i == n;
  }

  @Override
  public String toString() {
    return operator.symbol() + " " + (text != null ? "\"" + text + "\"" : String.valueOf(number));
  }
}
