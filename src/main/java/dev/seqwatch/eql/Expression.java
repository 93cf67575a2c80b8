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

  private static String join(List<Literal> values) {
    return values.stream().map(Literal::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
