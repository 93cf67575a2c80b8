package dev.seqwatch.plan;

import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Field;
import dev.seqwatch.eql.Literal;
import dev.seqwatch.eql.Position;
import dev.seqwatch.eql.Query;
import dev.seqwatch.eql.Value;
import java.util.List;
import java.util.function.Predicate;

/**
 * Resolves the optional fields of a query against a closed set of known fields, as Elasticsearch's
 * analyzer does against an index's mapping: {@code ?f} for a field the set does not know becomes a
 * null constant ({@code OptionalMissingAttribute}, foldable to null), so {@code ?f == null} and
 * {@code ?x == ?y} are true and every other comparison is null (semantics §16). Known fields and
 * plain fields are left as they are; so are join keys, whose value is null on every event anyway.
 *
 * <p>Only {@code eql/search} has a closed set (its events and the mappings); a rule's stream does not,
 * so rules keep reading {@code ?f} as a field that may be missing.
 */
public final class MissingOptionalFields {

  private final Predicate<String> known;

  private MissingOptionalFields(Predicate<String> known) {
    this.known = known;
  }

  /** {@code query} with each optional field that {@code known} rejects replaced by null. */
  public static Query resolve(Query query, Predicate<String> known) {
    return new MissingOptionalFields(known).query(query);
  }

  private Query query(Query query) {
    if (query instanceof Query.EventQuery event) {
      return event(event);
    }
    if (query instanceof Query.Sequence sequence) {
      return new Query.Sequence(sequence.joinKeys(), sequence.maxspanMillis(),
          sequence.stages().stream().map(this::stage).toList(),
          sequence.until() == null ? null : stage(sequence.until()));
    }
    Query.Sample sample = (Query.Sample) query;
    return new Query.Sample(sample.joinKeys(), sample.filters().stream()
        .map(filter -> new Query.SampleFilter(event(filter.query()), filter.joinKeys())).toList());
  }

  private Query.Stage stage(Query.Stage stage) {
    return new Query.Stage(event(stage.query()), stage.joinKeys(), stage.missing(), stage.runs());
  }

  private Query.EventQuery event(Query.EventQuery event) {
    return new Query.EventQuery(event.category(), condition(event.condition()));
  }

  private boolean missing(Field field) {
    return field.optional() && !known.test(field.name());
  }

  private Expression condition(Expression condition) {
    if (condition instanceof Expression.And and) {
      return new Expression.And(condition(and.left()), condition(and.right()));
    }
    if (condition instanceof Expression.Or or) {
      return new Expression.Or(condition(or.left()), condition(or.right()));
    }
    if (condition instanceof Expression.Not not) {
      return new Expression.Not(condition(not.operand()));
    }
    if (condition instanceof Expression.Comparison c && missing(c.field())) {
      return new Expression.ValueComparison(nullAt(c.at()), c.operator(),
          new Value.ConstantValue(c.value(), c.at()), c.at());
    }
    if (condition instanceof Expression.InList in && missing(in.field())) {
      return new Expression.ValueInList(nullAt(in.at()), in.values(), in.caseInsensitive(), in.negated(), in.at());
    }
    if (condition instanceof Expression.PatternMatch match && missing(match.field())) {
      return new Expression.ValuePatternMatch(nullAt(match.at()), match.operator(), match.patterns(), match.at());
    }
    if (condition instanceof Expression.ValueComparison c) {
      return new Expression.ValueComparison(value(c.left()), c.operator(), value(c.right()), c.at());
    }
    if (condition instanceof Expression.ValueInList in) {
      return new Expression.ValueInList(value(in.value()), in.values(), in.caseInsensitive(), in.negated(), in.at());
    }
    if (condition instanceof Expression.ValuePatternMatch match) {
      return new Expression.ValuePatternMatch(value(match.value()), match.operator(), match.patterns(), match.at());
    }
    if (condition instanceof Expression.ValueCondition standing) {
      Value value = value(standing.value());
      // "where ?missing" filters on null: nothing matches (ES translates a null filter to no match)
      return ValueCompiler.isNullConstant(value) ? new Expression.Constant(false)
          : new Expression.ValueCondition(value);
    }
    return condition;
  }

  private Value value(Value value) {
    if (value instanceof Value.FieldValue field && missing(field.field())) {
      return nullAt(field.at());
    }
    if (value instanceof Value.Call call) {
      List<Value> arguments = call.arguments().stream().map(this::value).toList();
      return new Value.Call(call.function(), call.caseInsensitive(), arguments, call.at());
    }
    if (value instanceof Value.Arithmetic arithmetic) {
      return new Value.Arithmetic(arithmetic.operator(), value(arithmetic.left()), value(arithmetic.right()),
          arithmetic.at());
    }
    if (value instanceof Value.Negation negation) {
      return new Value.Negation(value(negation.operand()), negation.at());
    }
    if (value instanceof Value.Predicate predicate) {
      return new Value.Predicate(condition(predicate.condition()), predicate.at());
    }
    return value;
  }

  private static Value nullAt(Position at) {
    return new Value.ConstantValue(Literal.NULL, at);
  }
}
