package dev.seqwatch.plan;

import dev.seqwatch.eql.ComparisonOperator;
import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Expression.And;
import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.Constant;
import dev.seqwatch.eql.Expression.InList;
import dev.seqwatch.eql.Expression.Not;
import dev.seqwatch.eql.Expression.Or;
import dev.seqwatch.eql.Expression.PatternMatch;
import dev.seqwatch.eql.Field;
import dev.seqwatch.eql.Literal;
import dev.seqwatch.eql.Position;
import dev.seqwatch.eql.Query;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.eql.Query.Sequence;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a parsed {@link Query} into a {@link QueryPlan}. Every semantic decision about what an
 * operator means is taken here, once, with the section of {@code docs/semantics.md} it follows:
 *
 * <ul>
 *   <li>{@code <category> where c} is {@code event.category == "<category>" and c}, exact and
 *       case-sensitive (§1).
 *   <li>{@code ==}, {@code in}: exact, case-sensitive, any value of the field (§2.1, §2.2, §2.4).
 *   <li>{@code !=}, {@code not in}, {@code not}: no value matches, so true on a missing field
 *       (§2.3, §2.8).
 *   <li>{@code == null} is "missing", {@code != null} is "exists" (§2.9, §2.10).
 *   <li>{@code :} is ASCII case-insensitive; a constant with {@code *} or {@code ?} is a wildcard,
 *       one without is an exact match (§2.5–§2.7). {@code like~} and {@code in~} fold case the same
 *       way; {@code like} does not.
 *   <li>Fields whose name is {@code ip} or ends in {@code .ip} (ECS type {@code ip}) compare as
 *       addresses, CIDR blocks allowed (§2.11, §10.5).
 *   <li>Numeric constants compare numerically, other constants as keyword text (§10.5).
 *   <li>Join keys are mandatory: the engine drops an event whose key is missing (§3.1), unless the
 *       key is written {@code ?field}, whose missing value joins as null (§3.6).
 *   <li>{@code with runs=N} is N copies of the stage (§12); {@code ![ ... ]} is a missing stage (§11).
 * </ul>
 */
public final class Planner {

  private static final String CATEGORY = "event.category";

  private final FieldSchema.Builder fields;

  private Planner(FieldSchema.Builder fields) {
    this.fields = fields;
  }

  /**
   * Compiles {@code query}, allocating a slot in {@code fields} for every field it reads.
   *
   * @throws EqlParseException with the position of a constant that cannot apply to its field
   */
  public static QueryPlan plan(Query query, FieldSchema.Builder fields) {
    Planner planner = new Planner(fields);
    if (query instanceof EventQuery event) {
      return new EventPlan(planner.eventQuery(event));
    }
    if (query instanceof Query.Sample sample) {
      return planner.sample(sample);
    }
    Sequence sequence = (Sequence) query;
    List<Stage> stages = new ArrayList<>();
    for (Query.Stage stage : sequence.stages()) {
      // with runs=N is N copies of the stage, as Elasticsearch's LogicalPlanBuilder expands it
      // (§12). The copies are one object, so the engine can test the condition once per event.
      Stage planned = planner.stage(sequence.joinKeys(), stage);
      for (int run = 0; run < stage.runs(); run++) {
        stages.add(planned);
      }
    }
    Stage until = sequence.until() == null ? null : planner.stage(sequence.joinKeys(), sequence.until());
    return new SequencePlan(stages, until, sequence.maxspanMillis());
  }

  /** Whether a field has ECS type {@code ip}. Without a mapping, the name is all we have. */
  public static boolean isIpField(String name) {
    return name.equals("ip") || name.endsWith(".ip");
  }

  private SamplePlan sample(Query.Sample sample) {
    List<QueryPlan.SampleFilter> filters = new ArrayList<>();
    for (Query.SampleFilter filter : sample.filters()) {
      List<Field> keys = new ArrayList<>(sample.joinKeys());
      keys.addAll(filter.joinKeys());
      int[] slots = new int[keys.size()];
      boolean[] optional = new boolean[keys.size()];
      List<String> names = new ArrayList<>();
      for (int i = 0; i < slots.length; i++) {
        slots[i] = fields.joinKeySlot(keys.get(i).name());
        optional[i] = keys.get(i).optional();
        names.add(keys.get(i).name());
      }
      filters.add(new QueryPlan.SampleFilter(eventQuery(filter.query()), slots, names, optional));
    }
    return new SamplePlan(filters);
  }

  private Stage stage(List<Field> sequenceKeys, Query.Stage stage) {
    List<Field> keys = new ArrayList<>(sequenceKeys);
    keys.addAll(stage.joinKeys());
    List<String> keyFields = new ArrayList<>();
    int[] slots = new int[keys.size()];
    boolean[] optional = new boolean[keys.size()];
    for (int i = 0; i < slots.length; i++) {
      keyFields.add(keys.get(i).name());
      slots[i] = fields.joinKeySlot(keys.get(i).name());
      optional[i] = keys.get(i).optional();
    }
    return new Stage(eventQuery(stage.query()), slots, keyFields, optional, stage.missing());
  }

  private EventPredicate eventQuery(EventQuery query) {
    EventPredicate condition = expression(query.condition());
    if (query.category() == null) {
      return condition;
    }
    EventPredicate category = Predicates.anyValue(fields.slot(CATEGORY), CATEGORY,
        new TermSet(List.of(query.category()), false));
    return Predicates.and(flatten(category, condition));
  }

  private EventPredicate expression(Expression expression) {
    if (expression instanceof And and) {
      return Predicates.and(flattenAnd(and));
    }
    if (expression instanceof Or or) {
      List<EventPredicate> operands = new ArrayList<>();
      collectOr(or, operands);
      return Predicates.or(operands.toArray(EventPredicate[]::new));
    }
    if (expression instanceof Not not) {
      return Predicates.not(expression(not.operand()));
    }
    if (expression instanceof Constant constant) {
      return Predicates.constant(constant.value());
    }
    if (expression instanceof Comparison comparison) {
      return comparison(comparison);
    }
    if (expression instanceof InList in) {
      return in(in);
    }
    return pattern((PatternMatch) expression);
  }

  private EventPredicate[] flattenAnd(And and) {
    List<EventPredicate> operands = new ArrayList<>();
    collectAnd(and, operands);
    return operands.toArray(EventPredicate[]::new);
  }

  private void collectAnd(Expression expression, List<EventPredicate> into) {
    if (expression instanceof And and) {
      collectAnd(and.left(), into);
      collectAnd(and.right(), into);
    } else {
      into.add(expression(expression));
    }
  }

  private void collectOr(Expression expression, List<EventPredicate> into) {
    if (expression instanceof Or or) {
      collectOr(or.left(), into);
      collectOr(or.right(), into);
    } else {
      into.add(expression(expression));
    }
  }

  private static EventPredicate[] flatten(EventPredicate first, EventPredicate rest) {
    return new EventPredicate[] {first, rest};
  }

  private EventPredicate comparison(Comparison comparison) {
    String name = comparison.field().name();
    int slot = fields.slot(name);
    ComparisonOperator operator = comparison.operator();
    Literal value = comparison.value();
    if (value.isNull()) {
      if (operator == ComparisonOperator.EQ) {
        return Predicates.not(Predicates.exists(slot, name));
      }
      if (operator == ComparisonOperator.NEQ) {
        return Predicates.exists(slot, name);
      }
      throw error(comparison.at(), "null can only be compared with == or !=");
    }
    boolean negate = operator == ComparisonOperator.NEQ;
    ComparisonOperator positive = negate ? ComparisonOperator.EQ : operator;
    ValueTest test;
    if (isIpField(name)) {
      if (positive != ComparisonOperator.EQ) {
        throw error(comparison.at(), "ordering comparison (" + operator.symbol() + ") on the IP field "
            + name + " is not supported yet");
      }
      test = ipTest(comparison.at(), name, List.of(value));
    } else if (value.isNumber()) {
      test = RangeTest.numeric(positive, ((Number) value.value()).doubleValue());
    } else if (positive == ComparisonOperator.EQ) {
      test = new TermSet(List.of(value.asText()), false);
    } else if (value.isString()) {
      test = RangeTest.keyword(positive, value.asText());
    } else {
      throw error(comparison.at(), operator.symbol() + " cannot order a boolean");
    }
    EventPredicate predicate = Predicates.anyValue(slot, name, test);
    return negate ? Predicates.not(predicate) : predicate;
  }

  private EventPredicate in(InList in) {
    String name = in.field().name();
    int slot = fields.slot(name);
    for (Literal value : in.values()) {
      if (value.isNull()) {
        throw error(in.at(), "null is not allowed in a list; use " + name + " == null");
      }
    }
    ValueTest test;
    if (isIpField(name)) {
      test = ipTest(in.at(), name, in.values());
    } else {
      List<String> terms = new ArrayList<>();
      List<EventPredicate> numeric = new ArrayList<>();
      for (Literal value : in.values()) {
        if (value.isNumber() && !in.caseInsensitive()) {
          numeric.add(Predicates.anyValue(slot, name,
              RangeTest.numeric(ComparisonOperator.EQ, ((Number) value.value()).doubleValue())));
        } else {
          terms.add(value.asText());
        }
      }
      if (!numeric.isEmpty()) {
        if (!terms.isEmpty()) {
          numeric.add(Predicates.anyValue(slot, name, new TermSet(terms, false)));
        }
        EventPredicate any = Predicates.or(numeric.toArray(EventPredicate[]::new));
        return in.negated() ? Predicates.not(any) : any;
      }
      test = new TermSet(terms, in.caseInsensitive());
    }
    EventPredicate predicate = Predicates.anyValue(slot, name, test);
    return in.negated() ? Predicates.not(predicate) : predicate;
  }

  private EventPredicate pattern(PatternMatch match) {
    String name = match.field().name();
    int slot = fields.slot(name);
    List<String> patterns = new ArrayList<>();
    for (Literal literal : match.patterns()) {
      if (literal.isNull()) {
        throw error(match.at(), match.operator().symbol() + " needs a string, not null");
      }
      patterns.add(literal.asText());
    }
    ValueTest test;
    switch (match.operator()) {
      case SEQ:
        boolean anyWildcard = patterns.stream().anyMatch(WildcardMatcher::hasWildcard);
        test = isIpField(name) && !anyWildcard
            ? ipTest(match.at(), name, match.patterns())
            : new WildcardMatcher(patterns, true);
        break;
      case LIKE:
        test = new WildcardMatcher(patterns, false);
        break;
      case LIKE_INSENSITIVE:
        test = new WildcardMatcher(patterns, true);
        break;
      default:
        test = regex(match, patterns);
    }
    return Predicates.anyValue(slot, name, test);
  }

  private static RegexTest regex(PatternMatch match, List<String> sources) {
    int flags = match.operator().isCaseInsensitive() ? Pattern.CASE_INSENSITIVE : 0;
    List<Pattern> compiled = new ArrayList<>();
    for (String source : sources) {
      try {
        compiled.add(Pattern.compile(source, flags));
      } catch (PatternSyntaxException e) {
        throw error(match.at(), "invalid regular expression \"" + source + "\": " + e.getDescription());
      }
    }
    return new RegexTest(compiled);
  }

  private static IpTest ipTest(Position at, String field, List<Literal> values) {
    List<String> literals = values.stream().map(Literal::asText).toList();
    IpTest test = IpTest.compile(literals);
    if (test == null || values.stream().anyMatch(value -> !value.isString())) {
      throw error(at, field + " is an IP field, but " + values
          + " holds a value that is not an IP address or CIDR block");
    }
    return test;
  }

  private static EqlParseException error(Position at, String reason) {
    return new EqlParseException(at.line(), at.column(), reason);
  }
}
