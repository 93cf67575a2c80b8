package dev.seqwatch.eql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A boolean condition of an event query, as written. Semantics are given to it by the planner;
 * this tree only records what the text says.
 *
 * <p>Leaf conditions carry the {@link Position} of their field, so that the planner can point at
 * a constant it refuses; {@code toString()} leaves positions out.
 *
 * <p>{@code toString()} is canonical and fully parenthesised, so that precedence is visible and a
 * test can state it in one line.
 */
public sealed interface Expression {

  /** Both sides hold. */
  record And(Expression left, Expression right) implements Expression {
    @Override
    public String toString() {
      return "(" + left + " and " + right + ")";
    }
  }

  /** Either side holds. */
  record Or(Expression left, Expression right) implements Expression {
    @Override
    public String toString() {
      return "(" + left + " or " + right + ")";
    }
  }

  /** The operand does not hold. */
  record Not(Expression operand) implements Expression {
    @Override
    public String toString() {
      return "(not " + operand + ")";
    }
  }

  /** {@code true} or {@code false} as a whole condition. */
  record Constant(boolean value) implements Expression {
    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }

  /** {@code field op literal} for the six comparison operators. */
  record Comparison(Field field, ComparisonOperator operator, Literal value, Position at)
      implements Expression {
    @Override
    public String toString() {
      return "(" + field + " " + operator.symbol() + " " + value + ")";
    }
  }

  /** {@code field [not] in (...)} and {@code in~}: exact set membership. */
  record InList(Field field, List<Literal> values, boolean caseInsensitive, boolean negated,
      Position at) implements Expression {
    public InList {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return "(" + field + (negated ? " not" : "") + (caseInsensitive ? " in~ " : " in ")
          + join(values) + ")";
    }
  }

  /** {@code field : ...}, {@code like}, {@code like~}, {@code regex}, {@code regex~} against one or more patterns. */
  record PatternMatch(Field field, PatternOperator operator, List<Literal> patterns, Position at)
      implements Expression {
    public PatternMatch {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String toString() {
      return "(" + field + " " + operator.symbol() + " " + join(patterns) + ")";
    }
  }

  /**
   * {@code left op right} where the sides are not a field and a constant: a function result, an
   * arithmetic expression, two fields, two constants. A constant on the left with a field on the
   * right is turned round into a {@link Comparison} by the parser, as Elasticsearch's
   * {@code LiteralsOnTheRight} does.
   */
  record ValueComparison(Value left, ComparisonOperator operator, Value right, Position at)
      implements Expression {
    @Override
    public String toString() {
      return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
  }

  /** {@code value [not] in (...)} and {@code in~} where the value is not a plain field. */
  record ValueInList(Value value, List<Literal> values, boolean caseInsensitive, boolean negated,
      Position at) implements Expression {
    public ValueInList {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return "(" + value + (negated ? " not" : "") + (caseInsensitive ? " in~ " : " in ")
          + join(values) + ")";
    }
  }

  /** {@code value : ...}, {@code like}, {@code regex} and their {@code ~} forms on a value that is not a plain field. */
  record ValuePatternMatch(Value value, PatternOperator operator, List<Literal> patterns, Position at)
      implements Expression {
    public ValuePatternMatch {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String toString() {
      return "(" + value + " " + operator.symbol() + " " + join(patterns) + ")";
    }
  }

  /**
   * A value standing as a whole condition: a boolean function such as {@code startsWith(...)}, or a
   * field (true when a value is {@code true}).
   */
  record ValueCondition(Value value) implements Expression {
    @Override
    public String toString() {
      return value.toString();
    }
  }

  private static String join(List<Literal> values) {
    return values.stream().map(Literal::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
