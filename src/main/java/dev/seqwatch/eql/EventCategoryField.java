package dev.seqwatch.eql;

import dev.seqwatch.eql.Query.EventQuery;
import java.util.List;

/**
 * The field that {@code <category> where} tests: {@code event.category} unless a search names
 * another ({@code event_category_field}, Elasticsearch's) or a rule does ({@code
 * event_category_override}, Kibana's, which Kibana passes to Elasticsearch as the former). There
 * the category is a term filter on that field; here the query is rewritten to say the same,
 * {@code <field> == "<category>" and <condition>}: exact, on any value of the field, false when it
 * is missing (semantics §1, §2.1), as the term filter is. The planner, the stage index and the
 * explainer then see an ordinary condition. Elastic's rules name {@code event.type} for CloudTrail,
 * whose events are typed {@code info} and categorized otherwise: without it, their
 * {@code info where …} matched nothing.
 */
public final class EventCategoryField {

  /** The field Elasticsearch tests when the search names none. */
  public static final String DEFAULT_FIELD = "event.category";
  /** The synthetic comparison has no text of its own; errors about it point at the query's start. */
  private static final Position START = new Position(1, 1);

  private EventCategoryField() {
  }

  /** {@code query} with every {@code <category> where} testing {@code field}. */
  public static Query apply(Query query, String field) {
    if (field.equals(DEFAULT_FIELD)) {
      return query;
    }
    if (query instanceof EventQuery event) {
      return apply(event, field);
    }
    if (query instanceof Query.Sequence sequence) {
      List<Query.Stage> stages = sequence.stages().stream().map(stage -> apply(stage, field)).toList();
      Query.Stage until = sequence.until() == null ? null : apply(sequence.until(), field);
      return new Query.Sequence(sequence.joinKeys(), sequence.maxspanMillis(), stages, until);
    }
    Query.Sample sample = (Query.Sample) query;
    return new Query.Sample(sample.joinKeys(), sample.filters().stream()
        .map(filter -> new Query.SampleFilter(apply(filter.query(), field), filter.joinKeys())).toList());
  }

  private static Query.Stage apply(Query.Stage stage, String field) {
    return new Query.Stage(apply(stage.query(), field), stage.joinKeys(), stage.missing(), stage.runs());
  }

  private static EventQuery apply(EventQuery query, String field) {
    if (query.category() == null) {
      return query; // any where: no category to test, in any field
    }
    Expression category = new Expression.Comparison(new Field(field), ComparisonOperator.EQ,
        new Literal(query.category()), START);
    return new EventQuery(null, new Expression.And(category, query.condition()));
  }
}
