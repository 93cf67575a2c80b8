package dev.seqwatch.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The boolean structure of compiled conditions. Each field condition is "some value of the field
 * passes a {@link ValueTest}"; negation is "no value passes", which is true on a missing field.
 * That is the Query DSL meaning of {@code term} under {@code bool.must_not} that Elasticsearch
 * gives EQL's {@code !=} and {@code not} (semantics §2.1, §2.3, §2.8).
 */
final class Predicates {

  private Predicates() {
  }

  static EventPredicate and(EventPredicate[] operands) {
    return operands.length == 1 ? operands[0] : new All(cheapestFirst(operands));
  }

  /** An {@code or} with a script keeps its written order: see {@link #cheapestFirst}. */
  static EventPredicate or(EventPredicate[] operands) {
    if (operands.length == 1) {
      return operands[0];
    }
    boolean scripted = Arrays.stream(operands).anyMatch(operand -> cost(operand) >= SCRIPT_COST);
    return new Any(scripted ? operands : cheapestFirst(operands));
  }

  /**
   * The operands in the order they are best tested: cheapest first, equal costs in written order,
   * scripts last. {@code and} and {@code or} stop at the first operand that decides them, and an
   * operand without a script has no effect but its answer, so the order changes only the work: a
   * stage such as {@code process.command_line : "*x*" and process.name == "y"} fails on the name
   * of most events without scanning their command line. An operand with a script (functions,
   * arithmetic) can fail with a query-time error, so where it runs matters: in an {@code and} it
   * goes last, as Elasticsearch runs a script clause of a {@code bool} filter only on documents its
   * other clauses matched; in an {@code or}, where Elasticsearch runs it on every document, nothing
   * moves.
   */
  private static EventPredicate[] cheapestFirst(EventPredicate[] operands) {
    EventPredicate[] ordered = operands.clone();
    Arrays.sort(ordered, Comparator.comparingInt(Predicates::cost));
    return ordered;
  }

  private static final int SCRIPT_COST = 1_000;

  /** A rough relative cost of one test of {@code predicate}; see {@link #cheapestFirst}. */
  private static int cost(EventPredicate predicate) {
    if (predicate instanceof Constant || predicate instanceof Exists) {
      return 1;
    }
    if (predicate instanceof AnyValue any) {
      return 2 + (any.test instanceof WildcardMatcher ? 4 : any.test instanceof RegexTest ? 16 : 1);
    }
    if (predicate instanceof Negation negation) {
      return cost(negation.operand);
    }
    EventPredicate[] operands = predicate instanceof All all ? all.operands
        : predicate instanceof Any any ? any.operands : null;
    if (operands == null) {
      return SCRIPT_COST;
    }
    int sum = 0;
    for (EventPredicate operand : operands) {
      sum = Math.min(SCRIPT_COST, sum + cost(operand));
    }
    return sum;
  }

  static EventPredicate not(EventPredicate operand) {
    return operand instanceof Negation negation ? negation.operand : new Negation(operand);
  }

  static EventPredicate exists(int slot, String field) {
    return new Exists(slot, field);
  }

  static EventPredicate anyValue(int slot, String field, ValueTest test) {
    return new AnyValue(slot, field, test, Integer.MAX_VALUE);
  }

  /**
   * Some value of at most {@code maxLength} characters passes {@code test}: a keyword field's
   * {@code ignore_above}, beyond which Elasticsearch indexes nothing (the value is neither found
   * nor present).
   */
  static EventPredicate anyValue(int slot, String field, ValueTest test, int maxLength) {
    return new AnyValue(slot, field, test, maxLength);
  }

  /** The field has a value of at most {@code maxLength} characters (an {@code exists} query). */
  static EventPredicate exists(int slot, String field, int maxLength) {
    return maxLength == Integer.MAX_VALUE ? new Exists(slot, field)
        : new AnyValue(slot, field, ValueTest.ANY, maxLength);
  }

  static EventPredicate constant(boolean value) {
    return value ? Constant.TRUE : Constant.FALSE;
  }

  /**
   * A conjunct "some value of the field in {@code slot} is one of {@code terms}" ({@code ==},
   * {@code in}, {@code in~}, {@code :} without wildcards, a query's category): the terms folded
   * when {@code ignoreCase}, as written otherwise. {@code predicate} is the conjunct itself, to
   * leave out with {@link #without}.
   */
  record TermConjunct(int slot, Set<String> terms, boolean ignoreCase, EventPredicate predicate) {
  }

  /**
   * The top-level conjuncts of {@code predicate} (through nested {@code and}s) that are term tests
   * on one field with no term longer than the field's {@code ignore_above}: for those, "some value
   * equals a term" is exactly what the conjunct tests, length limit included.
   */
  static List<TermConjunct> termConjuncts(EventPredicate predicate) {
    List<TermConjunct> found = new ArrayList<>();
    addTermConjuncts(predicate, found);
    return found;
  }

  private static void addTermConjuncts(EventPredicate predicate, List<TermConjunct> found) {
    if (predicate instanceof All all) {
      for (EventPredicate operand : all.operands) {
        addTermConjuncts(operand, found);
      }
    } else if (predicate instanceof AnyValue any && any.test instanceof TermSet terms
        && terms.terms().stream().allMatch(term -> term.length() <= any.maxLength)) {
      found.add(new TermConjunct(any.slot, terms.terms(), terms.ignoreCase(), predicate));
    }
  }

  /**
   * {@code predicate} without the top-level conjuncts in {@code checked} (by identity): what is
   * left to test of it once something else has made sure they hold. True if nothing is left.
   */
  static EventPredicate without(EventPredicate predicate, Set<EventPredicate> checked) {
    if (checked.contains(predicate)) {
      return Constant.TRUE;
    }
    if (!(predicate instanceof All all)) {
      return predicate;
    }
    List<EventPredicate> left = new ArrayList<>();
    boolean changed = false;
    for (EventPredicate operand : all.operands) {
      EventPredicate rest = without(operand, checked);
      changed |= rest != operand;
      if (rest != Constant.TRUE) {
        left.add(rest);
      }
    }
    if (!changed) {
      return predicate;
    }
    return left.isEmpty() ? Constant.TRUE
        : left.size() == 1 ? left.get(0) : new All(left.toArray(EventPredicate[]::new));
  }

  private static final class All extends EventPredicate {
    private final EventPredicate[] operands;

    All(EventPredicate[] operands) {
      this.operands = operands;
    }

    @Override
    public boolean test(Object[] values) {
      for (EventPredicate operand : operands) {
        if (!operand.test(values)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return Arrays.stream(operands).map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
    }
  }

  private static final class Any extends EventPredicate {
    private final EventPredicate[] operands;

    Any(EventPredicate[] operands) {
      this.operands = operands;
    }

    @Override
    public boolean test(Object[] values) {
      for (EventPredicate operand : operands) {
        if (operand.test(values)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return Arrays.stream(operands).map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
    }
  }

  private static final class Negation extends EventPredicate {
    private final EventPredicate operand;

    Negation(EventPredicate operand) {
      this.operand = operand;
    }

    @Override
    public boolean test(Object[] values) {
      return !operand.test(values);
    }

    @Override
    public String toString() {
      return "not " + operand;
    }
  }

  private static final class Exists extends EventPredicate {
    private final int slot;
    private final String field;

    Exists(int slot, String field) {
      this.slot = slot;
      this.field = field;
    }

    @Override
    public boolean test(Object[] values) {
      return values[slot] != null;
    }

    @Override
    public String toString() {
      return "exists(" + field + ")";
    }
  }

  private static final class AnyValue extends EventPredicate {
    private final int slot;
    private final String field;
    private final ValueTest test;
    private final int maxLength;

    AnyValue(int slot, String field, ValueTest test, int maxLength) {
      this.slot = slot;
      this.field = field;
      this.test = test;
      this.maxLength = maxLength;
    }

    @Override
    public boolean test(Object[] values) {
      Object value = values[slot];
      if (value == null) {
        return false;
      }
      if (value instanceof String single) {
        return single.length() <= maxLength && test.test(single);
      }
      for (String each : (String[]) value) {
        if (each.length() <= maxLength && test.test(each)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return field + " " + test;
    }
  }

  private static final class Constant extends EventPredicate {
    static final Constant TRUE = new Constant(true);
    static final Constant FALSE = new Constant(false);

    private final boolean value;

    private Constant(boolean value) {
      this.value = value;
    }

    @Override
    public boolean test(Object[] values) {
      return value;
    }

    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }
}
