package dev.seqwatch.plan;

import dev.seqwatch.eql.ComparisonOperator;
import dev.seqwatch.eql.EqlFunction;
import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Literal;
import dev.seqwatch.eql.Position;
import dev.seqwatch.eql.Value;
import dev.seqwatch.eql.Value.Arithmetic;
import dev.seqwatch.eql.Value.Call;
import dev.seqwatch.eql.Value.ConstantValue;
import dev.seqwatch.eql.Value.FieldValue;
import dev.seqwatch.eql.Value.Negation;
import dev.seqwatch.eql.Value.Predicate;
import dev.seqwatch.event.FieldMapping;
import dev.seqwatch.event.FieldSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the values of one condition into {@link Operand}s, numbering its field occurrences for a
 * {@link ScriptPredicate}, and checks argument types as Elasticsearch's {@code resolveType} does:
 * a constant or a mapped field of the wrong type is refused when the query is loaded, with
 * Elasticsearch's wording ({@code first argument of [length(1)] must be [string], found value [1]
 * type [integer]}). A field in no mapping passes every check: its type is only known per value.
 */
final class ValueCompiler {

  /** What a value is known to be before any event is seen. */
  enum Kind {
    STRING("keyword"), NUMBER("numeric"), BOOLEAN("boolean"), DATE("date"), IP("ip"), VERSION("version"),
    NULL("null"), ANY("any");

    private final String display;

    Kind(String display) {
      this.display = display;
    }
  }

  private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth"};

  private final FieldSchema.Builder fields;
  private final List<Integer> slots = new ArrayList<>();
  private final List<FieldMapping> mappings = new ArrayList<>();

  ValueCompiler(FieldSchema.Builder fields) {
    this.fields = fields;
  }

  /** The predicate "some choice of values makes {@code condition} true". */
  EventPredicate predicate(Operand condition, boolean errorsAreNoMatch, String text) {
    int[] slotArray = slots.stream().mapToInt(Integer::intValue).toArray();
    return new ScriptPredicate(slotArray, mappings.toArray(FieldMapping[]::new), condition, errorsAreNoMatch, text);
  }

  Operand compile(Value value) {
    if (value instanceof ConstantValue constant) {
      Object typed = Values.constant(constant.literal().value());
      return chosen -> typed;
    }
    if (value instanceof FieldValue field) {
      int occurrence = slots.size();
      slots.add(fields.slot(field.field().name()));
      mappings.add(fields.mapping(field.field().name()));
      return chosen -> chosen[occurrence];
    }
    if (value instanceof Arithmetic arithmetic) {
      requireKind(arithmetic.left(), Kind.NUMBER, "first", arithmetic.toString());
      requireKind(arithmetic.right(), Kind.NUMBER, "second", arithmetic.toString());
      Operand left = compile(arithmetic.left());
      Operand right = compile(arithmetic.right());
      String name = arithmetic.operator().symbol();
      Position at = arithmetic.at();
      List<Value> operands = List.of(arithmetic.left(), arithmetic.right());
      return chosen -> guarded(name, at, operands,
          () -> Arithmetics.apply(arithmetic.operator(), left.value(chosen), right.value(chosen)));
    }
    if (value instanceof Negation negation) {
      requireKind(negation.operand(), Kind.NUMBER, "first", negation.toString());
      Operand operand = compile(negation.operand());
      return chosen -> guarded("-", negation.at(), List.of(negation.operand()),
          () -> Arithmetics.negate(operand.value(chosen)));
    }
    if (value instanceof Call call) {
      return call(call);
    }
    if (value instanceof Predicate predicate) {
      return condition(predicate.condition());
    }
    throw new IllegalStateException("not a value: " + value);
  }

  /**
   * A condition used as a value ({@code null == (a > -1)}): true, false or null, as Elasticsearch's
   * script {@code Comparisons} (null when a side is null) and three-valued {@code Predicates} give it.
   * The parser lets through only the forms handled here.
   */
  private Operand condition(Expression condition) {
    if (condition instanceof Expression.Constant constant) {
      Boolean result = constant.value();
      return chosen -> result;
    }
    if (condition instanceof Expression.Not not) {
      Operand operand = condition(not.operand());
      return chosen -> {
        Object result = operand.value(chosen);
        return result == null ? null : !(Boolean) result;
      };
    }
    if (condition instanceof Expression.And and) {
      Operand left = condition(and.left());
      Operand right = condition(and.right());
      return chosen -> threeValued(left.value(chosen), right.value(chosen), false);
    }
    if (condition instanceof Expression.Or or) {
      Operand left = condition(or.left());
      Operand right = condition(or.right());
      return chosen -> threeValued(left.value(chosen), right.value(chosen), true);
    }
    if (condition instanceof Expression.Comparison comparison) {
      return comparison(new FieldValue(comparison.field(), comparison.at()), comparison.operator(),
          new ConstantValue(comparison.value(), comparison.at()));
    }
    if (condition instanceof Expression.ValueComparison comparison) {
      return comparison(comparison.left(), comparison.operator(), comparison.right());
    }
    throw new IllegalStateException("the parser refuses this condition as a value: " + condition);
  }

  /** QL's {@code Predicates.and/or} on Booleans: the deciding value wins over null, else null wins. */
  private static Boolean threeValued(Object left, Object right, boolean deciding) {
    if (Boolean.valueOf(deciding).equals(left) || Boolean.valueOf(deciding).equals(right)) {
      return deciding;
    }
    return left == null || right == null ? null : !deciding;
  }

  /**
   * {@code left op right} as the optimizer leaves it: {@code LiteralsOnTheRight} puts a constant left
   * of a non-constant on the right, then {@code ReplaceNullChecks} makes {@code x == null} IsNull(x)
   * and {@code x != null} IsNotNull(x). Two constants stay as written, so {@code null != "x"} is null.
   */
  Operand comparison(Value left, ComparisonOperator operator, Value right) {
    boolean nullLeft = isNullConstant(left) && !(right instanceof ConstantValue);
    if ((nullLeft || isNullConstant(right))
        && (operator == ComparisonOperator.EQ || operator == ComparisonOperator.NEQ)) {
      Operand operand = compile(nullLeft ? right : left);
      boolean wantNull = operator == ComparisonOperator.EQ;
      return chosen -> (operand.value(chosen) == null) == wantNull;
    }
    Operand l = compile(left);
    Operand r = compile(right);
    return chosen -> compare(operator, l.value(chosen), r.value(chosen));
  }

  /** What {@code value} is known to be at load time. */
  Kind kind(Value value) {
    if (value instanceof ConstantValue constant) {
      Object literal = constant.literal().value();
      return literal == null ? Kind.NULL : literal instanceof String ? Kind.STRING
          : literal instanceof Boolean ? Kind.BOOLEAN : Kind.NUMBER;
    }
    if (value instanceof FieldValue field) {
      return switch (fields.mapping(field.field().name()).type()) {
        case KEYWORD, TEXT -> Kind.STRING;
        case LONG, DOUBLE -> Kind.NUMBER;
        case DATE -> Kind.DATE;
        case IP -> Kind.IP;
        case BOOLEAN -> Kind.BOOLEAN;
        case VERSION -> Kind.VERSION;
        case DYNAMIC -> Kind.ANY;
      };
    }
    if (value instanceof Arithmetic || value instanceof Negation) {
      return Kind.NUMBER;
    }
    if (value instanceof Call call) {
      return switch (call.function()) {
        case BETWEEN, CONCAT, STRING, SUBSTRING -> Kind.STRING;
        case CIDR_MATCH, ENDS_WITH, STARTS_WITH, STRING_CONTAINS -> Kind.BOOLEAN;
        default -> Kind.NUMBER;
      };
    }
    return Kind.BOOLEAN;
  }

  private Operand call(Call call) {
    List<Value> args = call.arguments();
    String name = call.function().displayName() + (call.caseInsensitive() ? "~" : "");
    boolean ci = call.caseInsensitive();
    Position at = call.at();
    String text = call.toString();
    EqlFunction function = call.function();
    if (function.arithmetic() != null) {
      requireKind(args.get(0), Kind.NUMBER, "first", text);
      requireKind(args.get(1), Kind.NUMBER, "second", text);
      Operand left = compile(args.get(0));
      Operand right = compile(args.get(1));
      return chosen -> guarded(name, at, args,
          () -> Arithmetics.apply(function.arithmetic(), left.value(chosen), right.value(chosen)));
    }
    switch (function) {
      case BETWEEN: {
        for (int i = 0; i < 3; i++) {
          requireKind(args.get(i), Kind.STRING, ORDINALS[i], text);
        }
        boolean greedy = false;
        if (args.size() == 4) {
          if (!(args.get(3) instanceof ConstantValue constant && constant.literal().value() instanceof Boolean b)) {
            throw error(args.get(3).at(), "fourth argument of [" + text + "] must be a constant boolean, received ["
                + args.get(3) + "]");
          }
          greedy = b;
        }
        boolean isGreedy = greedy;
        Operand input = compile(args.get(0));
        Operand left = compile(args.get(1));
        Operand right = compile(args.get(2));
        return chosen -> guarded(name, at, args, () -> Functions.between(Values.text(input.value(chosen)),
            Values.text(left.value(chosen)), Values.text(right.value(chosen)), isGreedy, ci));
      }
      case CIDR_MATCH: {
        Kind kind = kind(args.get(0));
        if (kind != Kind.IP && kind != Kind.ANY && kind != Kind.NULL) {
          throw typeError(args.get(0), "first", text, "ip", kind);
        }
        IpTest networks = networks(call);
        Operand input = compile(args.get(0));
        return chosen -> {
          Object address = input.value(chosen);
          return address == null ? null : networks.test(address.toString());
        };
      }
      case CONCAT: {
        Operand[] parts = args.stream().map(this::compile).toArray(Operand[]::new);
        return chosen -> {
          Object[] values = new Object[parts.length];
          for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value(chosen);
          }
          return Functions.concat(values);
        };
      }
      case ENDS_WITH:
      case STARTS_WITH:
      case STRING_CONTAINS: {
        requireKind(args.get(0), Kind.STRING, "first", text);
        requireKind(args.get(1), Kind.STRING, "second", text);
        Operand input = compile(args.get(0));
        Operand pattern = compile(args.get(1));
        return chosen -> {
          String a = Values.text(input.value(chosen));
          String b = Values.text(pattern.value(chosen));
          return function == EqlFunction.ENDS_WITH ? Functions.endsWith(a, b, ci)
              : function == EqlFunction.STARTS_WITH ? Functions.startsWith(a, b, ci)
              : Functions.stringContains(a, b, ci);
        };
      }
      case INDEX_OF: {
        requireKind(args.get(0), Kind.STRING, "first", text);
        requireKind(args.get(1), Kind.STRING, "second", text);
        Operand input = compile(args.get(0));
        Operand substring = compile(args.get(1));
        Operand start = args.size() > 2 ? numeric(args.get(2), "third", text) : chosen -> null;
        return chosen -> guarded(name, at, args, () -> Functions.indexOf(Values.text(input.value(chosen)),
            Values.text(substring.value(chosen)), number(start.value(chosen), 2), ci));
      }
      case LENGTH: {
        requireKind(args.get(0), Kind.STRING, "first", text);
        Operand input = compile(args.get(0));
        return chosen -> Functions.length(Values.text(input.value(chosen)));
      }
      case NUMBER: {
        requireKind(args.get(0), Kind.STRING, "first", text);
        Integer base = null;
        // ToNumber stands an omitted base in for a null literal, so `null` reads as "no base" (ToNumber's
        // constructor; isInteger accepts the null type).
        if (args.size() == 2 && !isNullConstant(args.get(1))) {
          if (!(args.get(1) instanceof ConstantValue constant && constant.literal().value() instanceof Long l
              && l == l.intValue())) {
            throw error(args.get(1).at(), "second argument of [" + text + "] must be [integer], found value ["
                + args.get(1) + "]");
          }
          base = ((Long) ((ConstantValue) args.get(1)).literal().value()).intValue();
        }
        Integer radix = base;
        Operand input = compile(args.get(0));
        return chosen -> guarded(name, at, args, () -> Functions.number(Values.text(input.value(chosen)), radix));
      }
      case STRING: {
        Operand input = compile(args.get(0));
        return chosen -> Values.text(input.value(chosen));
      }
      case SUBSTRING: {
        requireKind(args.get(0), Kind.STRING, "first", text);
        Operand input = compile(args.get(0));
        Operand start = numeric(args.get(1), "second", text);
        Operand end = args.size() > 2 ? numeric(args.get(2), "third", text) : chosen -> null;
        return chosen -> guarded(name, at, args, () -> Functions.substring(Values.text(input.value(chosen)),
            number(start.value(chosen), 1), number(end.value(chosen), 2)));
      }
      default:
        throw new IllegalStateException("arithmetic functions are handled above: " + function);
    }
  }

  /** The constant networks of {@code cidrMatch}, each an address or a CIDR block. */
  static IpTest networks(Call call) {
    List<String> networks = new ArrayList<>();
    List<Value> args = call.arguments();
    for (int i = 1; i < args.size(); i++) {
      if (!(args.get(i) instanceof ConstantValue constant && constant.literal().value() instanceof String s)) {
        throw error(args.get(i).at(), ordinal(i) + " argument of [" + call + "] must be a constant string,"
            + " received [" + args.get(i) + "]");
      }
      if (IpTest.compile(List.of(s)) == null) {
        throw error(args.get(i).at(), ordinal(i) + " argument of [" + call + "] is not an IP address or CIDR block: "
            + constant.literal());
      }
      networks.add(s);
    }
    return IpTest.compile(networks);
  }

  private Operand numeric(Value value, String ordinal, String text) {
    requireKind(value, Kind.NUMBER, ordinal, text);
    return compile(value);
  }

  /** A number argument; text that reads as a number (a field in no mapping) counts. */
  private static Number number(Object value, int argument) {
    if (value == null || value instanceof Number) {
      return (Number) value;
    }
    String text = value.toString();
    if (RangeTest.isNumber(text)) {
      return Double.parseDouble(text);
    }
    throw new ArgumentException(argument, "A number is required; received [" + value + "]");
  }

  private void requireKind(Value value, Kind expected, String ordinal, String text) {
    Kind kind = kind(value);
    if (kind == expected || kind == Kind.ANY || kind == Kind.NULL) {
      return;
    }
    throw typeError(value, ordinal, text, expected == Kind.STRING ? "string" : expected.display, kind);
  }

  private static EqlParseException typeError(Value value, String ordinal, String text, String expected, Kind kind) {
    return error(value.at(), ordinal + " argument of [" + text + "] must be [" + expected + "], found value ["
        + value + "] type [" + kind.display + "]");
  }

  private static String ordinal(int index) {
    return index < ORDINALS.length ? ORDINALS[index] : (index + 1) + "th";
  }

  /** Runs one function, naming it, the failing argument and its position when Elasticsearch would fail the query. */
  static Object guarded(String function, Position at, List<Value> arguments,
      java.util.function.Supplier<Object> evaluation) {
    try {
      return evaluation.get();
    } catch (ArgumentException e) {
      String argument = e.argument() >= 0 && e.argument() < arguments.size()
          ? arguments.get(e.argument()).toString() : null;
      String reason = argument == null ? e.getMessage()
          : ordinal(e.argument()) + " argument [" + argument + "]: " + e.getMessage();
      throw new EvaluationException(function, argument, at, reason);
    }
  }

  /** The comparison {@code operator} of two values: null when Elasticsearch's would be null. */
  static Boolean compare(ComparisonOperator operator, Object left, Object right) {
    Integer order = Values.compare(left, right);
    if (order == null) {
      return null;
    }
    return switch (operator) {
      case EQ -> order == 0;
      case NEQ -> order != 0;
      case LT -> order < 0;
      case LTE -> order <= 0;
      case GT -> order > 0;
      case GTE -> order >= 0;
    };
  }

  static EqlParseException error(Position at, String reason) {
    return new EqlParseException(at.line(), at.column(), reason);
  }

  static boolean isNullConstant(Value value) {
    return value instanceof ConstantValue constant && constant.literal().equals(Literal.NULL);
  }
}
