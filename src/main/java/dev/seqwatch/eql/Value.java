package dev.seqwatch.eql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression that computes a value rather than a truth: a field, a constant, a function call,
 * arithmetic. Conditions over values ({@link Expression.ValueComparison} and its siblings) give it
 * meaning; the planner compiles it. {@code toString()} is canonical and fully parenthesised.
 */
public sealed interface Value {

  /** Where the value starts in the query text. */
  Position at();

  /** A field's value; missing, JSON null and {@code []} are all null. */
  record FieldValue(Field field, Position at) implements Value {
    @Override
    public String toString() {
      return field.toString();
    }
  }

  /** A constant. */
  record ConstantValue(Literal literal, Position at) implements Value {
    @Override
    public String toString() {
      return literal.toString();
    }
  }

  /**
   * A call of one of Elasticsearch's EQL functions, its arguments checked in number.
   *
   * @param caseInsensitive written with {@code ~}, as {@code startsWith~(...)}
   */
  record Call(EqlFunction function, boolean caseInsensitive, List<Value> arguments, Position at)
      implements Value {
    public Call {
      arguments = List.copyOf(arguments);
    }

    @Override
    public String toString() {
      return function.displayName() + (caseInsensitive ? "~" : "")
          + arguments.stream().map(Value::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** {@code left op right} for {@code + - * / %}. */
  record Arithmetic(ArithmeticOperator operator, Value left, Value right, Position at) implements Value {
    @Override
    public String toString() {
      return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
  }

  /** Unary minus of something other than a number constant (those fold into the constant). */
  record Negation(Value operand, Position at) implements Value {
    @Override
    public String toString() {
      return "(- " + operand + ")";
    }
  }

  /** A parenthesised condition written where a value may stand, as in {@code (a == 1) == true}. */
  record Predicate(Expression condition, Position at) implements Value {
    @Override
    public String toString() {
      return condition.toString();
    }
  }
}
