package dev.seqwatch.plan;

import dev.seqwatch.eql.ArithmeticOperator;

/**
 * QL's {@code Arithmetics}: Java's binary numeric promotion (a double operand makes the result a
 * double, else a long operand a long, else an int), exact integer arithmetic that fails on
 * overflow, integer division and remainder that fail on a zero divisor, and IEEE floating point
 * (division by 0.0 is infinite). A null operand gives null.
 */
final class Arithmetics {

  private Arithmetics() {
  }

  static Number apply(ArithmeticOperator operator, Object left, Object right) {
    if (left == null || right == null) {
      return null;
    }
    Number l = number(left, 0);
    Number r = number(right, 1);
    if (l instanceof Double || r instanceof Double) {
      double a = l.doubleValue();
      double b = r.doubleValue();
      return switch (operator) {
        case ADD -> a + b;
        case SUBTRACT -> a - b;
        case MULTIPLY -> a * b;
        case DIVIDE -> a / b;
        case MODULO -> a % b;
      };
    }
    try {
      if (l instanceof Long || r instanceof Long) {
        long a = l.longValue();
        long b = r.longValue();
        return switch (operator) {
          case ADD -> Math.addExact(a, b);
          case SUBTRACT -> Math.subtractExact(a, b);
          case MULTIPLY -> Math.multiplyExact(a, b);
          case DIVIDE -> a / b;
          case MODULO -> a % b;
        };
      }
      int a = l.intValue();
      int b = r.intValue();
      return switch (operator) {
        case ADD -> Math.addExact(a, b);
        case SUBTRACT -> Math.subtractExact(a, b);
        case MULTIPLY -> Math.multiplyExact(a, b);
        case DIVIDE -> a / b;
        case MODULO -> a % b;
      };
    } catch (ArithmeticException e) {
      boolean zeroDivisor = (operator == ArithmeticOperator.DIVIDE || operator == ArithmeticOperator.MODULO)
          && r.longValue() == 0;
      throw new ArgumentException(zeroDivisor ? 1 : -1, e.getMessage());
    }
  }

  /** Unary minus: exact for integers. */
  static Number negate(Object operand) {
    if (operand == null) {
      return null;
    }
    Number n = number(operand, 0);
    try {
      if (n instanceof Double d) {
        return -d;
      }
      if (n instanceof Long l) {
        return Math.negateExact(l);
      }
      return Math.negateExact(n.intValue());
    } catch (ArithmeticException e) {
      throw new ArgumentException(-1, e.getMessage());
    }
  }

  /** The operand as a number; text that reads as one (a field in no mapping) is read. */
  private static Number number(Object value, int argument) {
    if (value instanceof Number number) {
      return value instanceof Integer || value instanceof Long || value instanceof Double ? number
          : Double.valueOf(number.doubleValue());
    }
    if (value instanceof String text && RangeTest.isNumber(text)) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return Double.parseDouble(text);
      }
    }
    throw new ArgumentException(argument, "A number is required; received [" + value + "]");
  }
}
