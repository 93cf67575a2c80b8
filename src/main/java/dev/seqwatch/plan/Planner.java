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
import dev.seqwatch.eql.Expression.ValueComparison;
import dev.seqwatch.eql.Expression.ValueCondition;
import dev.seqwatch.eql.Expression.ValueInList;
import dev.seqwatch.eql.Expression.ValuePatternMatch;
import dev.seqwatch.eql.EqlFunction;
import dev.seqwatch.eql.PatternOperator;
import dev.seqwatch.eql.Value;
import dev.seqwatch.eql.Value.Call;
import dev.seqwatch.eql.Value.ConstantValue;
import dev.seqwatch.eql.Value.FieldValue;
import dev.seqwatch.event.FieldMapping;
import dev.seqwatch.event.FieldType;
import dev.seqwatch.event.Timestamps;
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
import dev.seqwatch.plan.regexp.LuceneRegExp;
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
 *   <li>Fields of type {@code ip} (ECS: every field named {@code ip} or ending in {@code .ip})
 *       compare as addresses, CIDR blocks allowed (§2.11, §10.5).
 *   <li>Numeric constants compare numerically, other constants as keyword text (§10.5).
 *   <li>Join keys are mandatory: the engine drops an event whose key is missing (§3.1), unless the
 *       key is written {@code ?field}, whose missing value joins as null (§3.6).
 *   <li>{@code with runs=N} is N copies of the stage (§12); {@code ![ ... ]} is a missing stage (§11).
 *   <li>Field types come from the mapping ({@link dev.seqwatch.event.FieldTypes}, §13): a keyword
 *       value over {@code ignore_above} is absent; {@code date} fields compare as instants,
 *       {@code version} fields in semantic-version order, numeric fields numerically.
 *   <li>Functions, arithmetic and comparisons of two values are scripts over doc values: true when
 *       some choice of one value per field occurrence makes them true (§14, {@link ScriptPredicate});
 *       {@code startsWith}, {@code endsWith}, {@code stringContains} of a field and a constant and
 *       {@code cidrMatch} of a field are the queries Elasticsearch pushes them down as.
 * </ul>
 */
public final class Planner {

  private static final String CATEGORY = "event.category";

  /** What a query-time error of a function does ({@link EvaluationException}). */
  public enum Errors {
    /** Fail the evaluation, as Elasticsearch fails the search: for {@code eql/search}. */
    THROW,
    /**
     * The event does not match that condition: for rules, where one odd event must not stop the
     * detection of every other rule (Elasticsearch would fail that rule's run).
     */
    NO_MATCH
  }

  private final FieldSchema.Builder fields;
  private final boolean errorsAreNoMatch;

  private Planner(FieldSchema.Builder fields, Errors errors) {
    this.fields = fields;
    this.errorsAreNoMatch = errors == Errors.NO_MATCH;
  }

  /**
   * Compiles {@code query}, allocating a slot in {@code fields} for every field it reads; a
   * function that fails on an event throws {@link EvaluationException}.
   *
   * @throws EqlParseException with the position of a constant that cannot apply to its field
   */
  public static QueryPlan plan(Query query, FieldSchema.Builder fields) {
    return plan(query, fields, Errors.THROW);
  }

  /** Compiles {@code query} with the given handling of query-time function errors. */
  public static QueryPlan plan(Query query, FieldSchema.Builder fields, Errors errors) {
    Planner planner = new Planner(fields, errors);
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
    if (expression instanceof PatternMatch match) {
      return pattern(match);
    }
    if (expression instanceof ValueComparison comparison) {
      return valueComparison(comparison);
    }
    if (expression instanceof ValueInList in) {
      return valueIn(in);
    }
    if (expression instanceof ValuePatternMatch match) {
      return valuePattern(match);
    }
    return valueCondition((ValueCondition) expression);
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
    FieldMapping mapping = fields.mapping(name);
    int limit = lengthLimit(mapping);
    ComparisonOperator operator = comparison.operator();
    Literal value = comparison.value();
    if (value.isNull()) {
      if (operator == ComparisonOperator.EQ) {
        return Predicates.not(Predicates.exists(slot, name, limit));
      }
      if (operator == ComparisonOperator.NEQ) {
        return Predicates.exists(slot, name, limit);
      }
      throw error(comparison.at(), "null can only be compared with == or !=");
    }
    boolean negate = operator == ComparisonOperator.NEQ;
    ComparisonOperator positive = negate ? ComparisonOperator.EQ : operator;
    ValueTest test;
    if (isIp(mapping)) {
      if (positive != ComparisonOperator.EQ) {
        throw error(comparison.at(), "ordering comparison (" + operator.symbol() + ") on the IP field "
            + name + " is not supported yet");
      }
      test = ipTest(comparison.at(), name, List.of(value));
    } else if (mapping.type() == FieldType.DATE) {
      test = new DateTest(positive, dateConstant(comparison.at(), name, value));
    } else if (mapping.type() == FieldType.VERSION && positive != ComparisonOperator.EQ && value.isString()) {
      test = new VersionTest(positive, value.asText());
    } else if (value.isNumber() || isNumeric(mapping) && value.isString() && RangeTest.isNumber(value.asText())) {
      test = RangeTest.numeric(positive, Double.parseDouble(value.asText()));
    } else if (positive == ComparisonOperator.EQ) {
      test = new TermSet(List.of(value.asText()), false);
    } else if (value.isString()) {
      test = RangeTest.keyword(positive, value.asText());
    } else {
      throw error(comparison.at(), operator.symbol() + " cannot order a boolean");
    }
    EventPredicate predicate = Predicates.anyValue(slot, name, test, limit);
    return negate ? Predicates.not(predicate) : predicate;
  }

  /** A date constant as a {@code date} field's default format reads it: ISO-8601 or epoch milliseconds. */
  private static long dateConstant(Position at, String field, Literal value) {
    long millis = value.isNumber() ? ((Number) value.value()).longValue()
        : value.isString() ? Timestamps.parseMillis(value.asText()) : Timestamps.INVALID;
    if (millis == Timestamps.INVALID) {
      throw error(at, field + " is a date field, but " + value
          + " is not a date (ISO-8601 or epoch milliseconds)");
    }
    return millis;
  }

  private static boolean isNumeric(FieldMapping mapping) {
    return mapping.type() == FieldType.LONG || mapping.type() == FieldType.DOUBLE;
  }

  private static boolean isIp(FieldMapping mapping) {
    return mapping.type() == FieldType.IP;
  }

  /** The longest value a field indexes: {@code ignore_above} for strings, no limit otherwise. */
  private static int lengthLimit(FieldMapping mapping) {
    return mapping.type() == FieldType.KEYWORD || mapping.type() == FieldType.DYNAMIC
        ? mapping.ignoreAbove() : Integer.MAX_VALUE;
  }

  private EventPredicate in(InList in) {
    String name = in.field().name();
    int slot = fields.slot(name);
    FieldMapping mapping = fields.mapping(name);
    int limit = lengthLimit(mapping);
    for (Literal value : in.values()) {
      if (value.isNull()) {
        throw error(in.at(), "null is not allowed in a list; use " + name + " == null");
      }
    }
    ValueTest test;
    if (isIp(mapping)) {
      test = ipTest(in.at(), name, in.values());
    } else if (mapping.type() == FieldType.DATE) {
      List<EventPredicate> dates = new ArrayList<>();
      for (Literal value : in.values()) {
        dates.add(Predicates.anyValue(slot, name, new DateTest(ComparisonOperator.EQ,
            dateConstant(in.at(), name, value))));
      }
      EventPredicate any = Predicates.or(dates.toArray(EventPredicate[]::new));
      return in.negated() ? Predicates.not(any) : any;
    } else {
      List<String> terms = new ArrayList<>();
      List<EventPredicate> numeric = new ArrayList<>();
      for (Literal value : in.values()) {
        if (value.isNumber() && !in.caseInsensitive()) {
          numeric.add(Predicates.anyValue(slot, name,
              RangeTest.numeric(ComparisonOperator.EQ, ((Number) value.value()).doubleValue()), limit));
        } else {
          terms.add(value.asText());
        }
      }
      if (!numeric.isEmpty()) {
        if (!terms.isEmpty()) {
          numeric.add(Predicates.anyValue(slot, name, new TermSet(terms, false), limit));
        }
        EventPredicate any = Predicates.or(numeric.toArray(EventPredicate[]::new));
        return in.negated() ? Predicates.not(any) : any;
      }
      test = new TermSet(terms, in.caseInsensitive());
    }
    EventPredicate predicate = Predicates.anyValue(slot, name, test, limit);
    return in.negated() ? Predicates.not(predicate) : predicate;
  }

  private EventPredicate pattern(PatternMatch match) {
    String name = match.field().name();
    int slot = fields.slot(name);
    FieldMapping mapping = fields.mapping(name);
    List<String> patterns = patterns(match.operator(), match.patterns(), match.at());
    ValueTest test;
    if (match.operator() == PatternOperator.SEQ && isIp(mapping)
        && patterns.stream().noneMatch(WildcardMatcher::hasWildcard)) {
      test = ipTest(match.at(), name, match.patterns());
    } else {
      test = patternTest(match.operator(), patterns, match.at(), true);
    }
    return Predicates.anyValue(slot, name, test, lengthLimit(mapping));
  }

  private static List<String> patterns(PatternOperator operator, List<Literal> literals, Position at) {
    List<String> patterns = new ArrayList<>();
    for (Literal literal : literals) {
      if (literal.isNull()) {
        throw error(at, operator.symbol() + " needs a string, not null");
      }
      patterns.add(literal.asText());
    }
    return patterns;
  }

  /**
   * The test of a pattern operator. A regular expression on a field is a Lucene {@code regexp}
   * query; on a computed value Elasticsearch runs it in a script, with {@code java.util.regex}.
   * Wildcard patterns without a wildcard ({@code process.name like~ ("cmd.exe", "pwsh.exe")}, a
   * common form in Elastic's rules) are terms, compared as {@code in} or {@code in~} compares them:
   * the same answer, without the matcher's passes over its other shapes, and a term conjunct that
   * the stage index can check for every target at once.
   */
  private static ValueTest patternTest(PatternOperator operator, List<String> patterns, Position at,
      boolean onField) {
    boolean wildcards = patterns.stream().anyMatch(WildcardMatcher::hasWildcard);
    return switch (operator) {
      case SEQ, LIKE_INSENSITIVE -> wildcards ? new WildcardMatcher(patterns, true) : new TermSet(patterns, true);
      case LIKE -> wildcards ? new WildcardMatcher(patterns, false) : new TermSet(patterns, false);
      default -> onField ? regex(operator, patterns, at) : scriptRegex(operator, patterns, at);
    };
  }

  /** {@code left op right} as a script: Elasticsearch's {@code Comparisons}, null when either side is null. */
  private EventPredicate valueComparison(ValueComparison comparison) {
    ValueCompiler values = new ValueCompiler(fields);
    // The optimizer makes "x == null" IsNull(x) and "x != null" IsNotNull(x): two-valued.
    Operand result = values.comparison(comparison.left(), comparison.operator(), comparison.right());
    return script(values, result, comparison.toString());
  }

  /** {@code value in (...)}: some constant equals the value; {@code not in} is the negation outside. */
  private EventPredicate valueIn(ValueInList in) {
    for (Literal value : in.values()) {
      if (value.isNull()) {
        throw error(in.at(), "null is not allowed in a list; use == null");
      }
    }
    ValueCompiler values = new ValueCompiler(fields);
    Operand operand = values.compile(in.value());
    List<Object> constants = in.values().stream().map(literal -> Values.constant(literal.value())).toList();
    TermSet folded = in.caseInsensitive()
        ? new TermSet(in.values().stream().map(Literal::asText).toList(), true) : null;
    EventPredicate predicate = script(values, chosen -> {
      Object value = operand.value(chosen);
      if (value == null) {
        return null;
      }
      if (folded != null) {
        return folded.test(value.toString());
      }
      for (Object constant : constants) {
        if (Boolean.TRUE.equals(ValueCompiler.compare(ComparisonOperator.EQ, value, constant))) {
          return true;
        }
      }
      return false;
    }, in.toString());
    return in.negated() ? Predicates.not(predicate) : predicate;
  }

  /** {@code value : pattern} and the like operators on a computed value's text. */
  private EventPredicate valuePattern(ValuePatternMatch match) {
    ValueCompiler values = new ValueCompiler(fields);
    Operand operand = values.compile(match.value());
    ValueTest test = patternTest(match.operator(), patterns(match.operator(), match.patterns(), match.at()),
        match.at(), false);
    return script(values, chosen -> {
      Object value = operand.value(chosen);
      return value == null ? null : test.test(value.toString());
    }, match.toString());
  }

  /**
   * A value standing as a condition. A boolean field is {@code field == true}. The string
   * functions of a field and a constant, and {@code cidrMatch} of a field, are the queries
   * Elasticsearch's QueryTranslator pushes them down as (prefix, wildcard, terms on an ip field):
   * true when any indexed value matches. Anything else is a script.
   */
  private EventPredicate valueCondition(ValueCondition condition) {
    Value value = condition.value();
    ValueCompiler values = new ValueCompiler(fields);
    ValueCompiler.Kind kind = values.kind(value);
    if (value instanceof FieldValue field) {
      String name = field.field().name();
      if (kind != ValueCompiler.Kind.BOOLEAN && kind != ValueCompiler.Kind.ANY) {
        throw error(field.at(), "a condition must be boolean, but " + name + " is a "
            + fields.mapping(name).type().name().toLowerCase(java.util.Locale.ROOT) + " field");
      }
      return Predicates.anyValue(fields.slot(name), name, new TermSet(List.of("true"), false));
    }
    if (kind != ValueCompiler.Kind.BOOLEAN) {
      throw error(value.at(), "a condition must be boolean, but " + value + " is not");
    }
    if (value instanceof Call call && call.arguments().get(0) instanceof FieldValue field) {
      EventPredicate pushed = pushedDown(call, field, values);
      if (pushed != null) {
        return pushed;
      }
    }
    Operand operand = values.compile(value);
    return script(values, operand, value.toString());
  }

  private EventPredicate pushedDown(Call call, FieldValue field, ValueCompiler values) {
    String name = field.field().name();
    FieldMapping mapping = fields.mapping(name);
    EqlFunction function = call.function();
    if (function == EqlFunction.CIDR_MATCH) {
      values.compile(call); // the type checks of the script form
      return Predicates.anyValue(fields.slot(name), name, ValueCompiler.networks(call));
    }
    boolean stringFunction = function == EqlFunction.STARTS_WITH || function == EqlFunction.ENDS_WITH
        || function == EqlFunction.STRING_CONTAINS;
    if (!stringFunction || !(call.arguments().get(1) instanceof ConstantValue constant)
        || !constant.literal().isString()) {
      return null;
    }
    values.compile(call);
    String text = constant.literal().asText();
    ValueTest test;
    if (function == EqlFunction.STARTS_WITH) {
      test = new PrefixTest(text, call.caseInsensitive());
    } else {
      String wildcard = function == EqlFunction.ENDS_WITH ? "*" + text : "*" + text + "*";
      test = text.indexOf('\\') < 0 ? new WildcardMatcher(List.of(wildcard), call.caseInsensitive())
          : new RegexTest(List.of(luceneWildcard(wildcard)), call.caseInsensitive());
    }
    return Predicates.anyValue(fields.slot(name), name, test, lengthLimit(mapping));
  }

  /**
   * A {@code wildcard} query's pattern as Lucene reads it ({@code WildcardQuery.toAutomaton}),
   * written as a Lucene regular expression: {@code *} any run, {@code ?} one code point, a
   * backslash escapes the next character (a trailing one is itself). Elasticsearch builds the
   * pattern of {@code endsWith} and {@code stringContains} without escaping the constant, so {@code
   * stringContains(f, "a=\\*")} finds a literal "a=*".
   */
  private static String luceneWildcard(String wildcard) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < wildcard.length(); i++) {
      char c = wildcard.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        if (c == '\\' && i + 1 < wildcard.length()) {
          c = wildcard.charAt(++i);
        }
        // Letters and digits are never operators, and escaped they could read as a class (\\d).
        regex.append(Character.isLetterOrDigit(c) ? "" : "\\").append(c);
      }
    }
    return regex.toString();
  }

  /** A script predicate, or a constant when the condition reads no field (Elasticsearch folds it). */
  private EventPredicate script(ValueCompiler values, Operand condition, String text) {
    EventPredicate predicate = values.predicate(condition, errorsAreNoMatch, text);
    if (predicate instanceof ScriptPredicate script && script.readsNoField()) {
      return Predicates.constant(predicate.test(new Object[0]));
    }
    return predicate;
  }

  private static RegexTest regex(PatternOperator operator, List<String> sources, Position at) {
    try {
      return new RegexTest(sources, operator.isCaseInsensitive());
    } catch (LuceneRegExp.InvalidRegExpException e) {
      throw error(at, "invalid regular expression \"" + e.pattern() + "\": " + e.getMessage());
    }
  }

  private static ScriptRegexTest scriptRegex(PatternOperator operator, List<String> sources, Position at) {
    int flags = operator.isCaseInsensitive() ? Pattern.CASE_INSENSITIVE : 0;
    List<Pattern> compiled = new ArrayList<>();
    for (String source : sources) {
      try {
        compiled.add(Pattern.compile(source, flags));
      } catch (PatternSyntaxException e) {
        throw error(at, "invalid regular expression \"" + source + "\": " + e.getDescription());
      }
    }
    return new ScriptRegexTest(compiled);
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
