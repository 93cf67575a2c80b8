package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The operands of {@code and} and {@code or} are tested cheapest first ({@code
 * Predicates.cheapestFirst}): the answers never change, and a function that can fail at query time
 * runs where Elasticsearch would run it.
 */
class OperandOrderTest {

  private static final String[] VALUES = {"cmd.exe", "CMD.EXE", "powershell.exe", "c:\\windows\\cmd.exe"};

  private static boolean test(String eql, String fields) {
    FieldSchema.Builder schema = FieldSchema.builder();
    EventPlan plan = (EventPlan) Planner.plan(EqlParser.parse(eql), schema, Planner.Errors.THROW);
    byte[] event = ("{\"@timestamp\":\"2026-01-01T00:00:00Z\"," + fields + "}").getBytes(StandardCharsets.UTF_8);
    return plan.predicate().test(new EventReader(schema.build()).readOne(event, 0).values());
  }

  @Test
  void aFunctionInAnAndRunsOnlyOnEventsItsOtherOperandsMatch() {
    assertThat(test("any where number(a) == 5 and b == 1", "\"a\":\"abc\",\"b\":2")).isFalse();
    assertThatThrownBy(() -> test("any where number(a) == 5 and b == 1", "\"a\":\"abc\",\"b\":1"))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void aFunctionInAnOrKeepsItsWrittenPlace() {
    assertThatThrownBy(() -> test("any where number(a) == 5 or b == 1", "\"a\":\"abc\",\"b\":1"))
        .isInstanceOf(EvaluationException.class);
    assertThat(test("any where b == 1 or number(a) == 5", "\"a\":\"abc\",\"b\":1")).isTrue();
  }

  /** A random tree of field tests over three slots, with its answer computed in written order. */
  private sealed interface Tree {
    EventPredicate compile();

    boolean expected(Object[] values);
  }

  private record Leaf(int slot, int kind, String operand) implements Tree {
    public EventPredicate compile() {
      return switch (kind) {
        case 0 -> Predicates.exists(slot, "f" + slot);
        case 1 -> Predicates.anyValue(slot, "f" + slot, new TermSet(List.of(operand), true));
        case 2 -> Predicates.anyValue(slot, "f" + slot, new WildcardMatcher(List.of("*" + operand.substring(1)), true));
        default -> Predicates.anyValue(slot, "f" + slot, new RegexTest(List.of(".*\"" + operand.charAt(0) + "\".*"), false));
      };
    }

    public boolean expected(Object[] values) {
      Object value = values[slot];
      if (value == null) {
        return false;
      }
      String text = (String) value;
      return switch (kind) {
        case 0 -> true;
        case 1 -> text.equalsIgnoreCase(operand);
        case 2 -> text.toLowerCase().endsWith(operand.substring(1).toLowerCase());
        default -> text.indexOf(operand.charAt(0)) >= 0;
      };
    }
  }

  private record Node(boolean and, boolean negated, List<Tree> operands) implements Tree {
    public EventPredicate compile() {
      EventPredicate[] compiled = operands.stream().map(Tree::compile).toArray(EventPredicate[]::new);
      EventPredicate node = and ? Predicates.and(compiled) : Predicates.or(compiled);
      return negated ? Predicates.not(node) : node;
    }

    public boolean expected(Object[] values) {
      boolean answer = and;
      for (Tree operand : operands) {
        boolean each = operand.expected(values);
        answer = and ? answer && each : answer || each;
      }
      return negated != answer;
    }
  }

  @Provide
  Arbitrary<Tree> trees() {
    return tree(3);
  }

  private Arbitrary<Tree> tree(int depth) {
    Arbitrary<Tree> leaf = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 3), Arbitraries.of(VALUES)).as(Leaf::new);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Tree> node = net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
        tree(depth - 1).list().ofMinSize(1).ofMaxSize(4)).as(Node::new);
    return Arbitraries.oneOf(leaf, node);
  }

  @Provide
  Arbitrary<Object[]> events() {
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES).map(String.class::cast),
        Arbitraries.just((String) null));
    return value.list().ofSize(3).map(List::toArray);
  }

  @Property(tries = 2_000)
  void reorderedOperandsGiveTheAnswerOfTheWrittenOrder(@ForAll("trees") Tree tree, @ForAll("events") Object[] values) {
    assertThat(tree.compile().test(values)).isEqualTo(tree.expected(values));
  }

  @Test
  void cheaperOperandsComeFirstAndEqualCostsKeepTheirOrder() {
    EventPredicate regex = Predicates.anyValue(0, "a", new RegexTest(List.of(".*x.*"), false));
    EventPredicate wildcard = Predicates.anyValue(1, "b", new WildcardMatcher(List.of("*x"), true));
    EventPredicate term = Predicates.anyValue(2, "c", new TermSet(List.of("x"), false));
    EventPredicate otherTerm = Predicates.anyValue(0, "a", new TermSet(List.of("y"), false));
    List<EventPredicate> written = new ArrayList<>(List.of(regex, wildcard, term, otherTerm));

    assertThat(Predicates.and(written.toArray(EventPredicate[]::new)))
        .hasToString("(" + term + " and " + otherTerm + " and " + wildcard + " and " + regex + ")");
  }
}
