package dev.seqwatch.plan;

import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Field;
import dev.seqwatch.eql.Query;
import dev.seqwatch.event.FieldSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, for one event and each stage of a query, whether the event satisfies the stage's condition
 * and, when it does not, which condition failed first. This is what a rule author needs to see why
 * a chain did not fire.
 *
 * <p>It adds no semantics of its own: a stage's condition is split into its top-level {@code and}
 * conjuncts, and each conjunct is compiled on its own by {@link Planner#plan}, as the event query
 * {@code any where <conjunct>}. The category of {@code <category> where} is the first conjunct,
 * compiled as {@code <category> where true}, so it means exactly what the planner makes it mean
 * (docs/semantics.md §1). A conjunction holds exactly when every conjunct holds, so "all conjuncts
 * true" is the stage's own verdict, and the first false conjunct, in the order written, is the
 * reason. After the condition, a join key the event lacks is the reason (the engine drops such an
 * event, §3.1), unless the key is optional ({@code ?field}).
 *
 * <p>Explained events must be read with {@link #schema()}, whose slots the conjuncts were compiled
 * against. Instances are immutable.
 */
public final class Explainer {

  /** One conjunct of a stage: its text, canonical as {@link Expression#toString()} writes it, and its test. */
  private record Conjunct(String text, EventPredicate predicate) {
  }

  /** A stage's conjuncts and its join keys that must be present. */
  private record StageTest(int stage, boolean until, List<Conjunct> conjuncts, List<String> keys, int[] keySlots) {
  }

  /**
   * What one stage says of one event.
   *
   * @param stage 1-based position of the stage; for an event query 1; for {@code until}, one more
   *     than the number of stages
   * @param until whether this is the sequence's {@code until} stage
   * @param matched whether the event satisfies the stage's condition and has its join keys
   * @param failed when not matched, the first condition that is false, or the join key that is
   *     missing; null when matched
   */
  public record StageVerdict(int stage, boolean until, boolean matched, String failed) {
  }

  private final List<StageTest> stages;
  private final FieldSchema schema;

  private Explainer(List<StageTest> stages, FieldSchema schema) {
    this.stages = List.copyOf(stages);
    this.schema = schema;
  }

  /** Prepares the explanation of {@code query}; refuses what the planner refuses, with its position. */
  public static Explainer of(Query query) {
    FieldSchema.Builder fields = FieldSchema.builder();
    List<StageTest> stages = new ArrayList<>();
    if (query instanceof Query.EventQuery event) {
      stages.add(stage(1, false, event, List.of(), fields));
    } else if (query instanceof Query.Sequence sequence) {
      for (int i = 0; i < sequence.stages().size(); i++) {
        Query.Stage stage = sequence.stages().get(i);
        stages.add(stage(i + 1, false, stage.query(), keys(sequence, stage), fields));
      }
      if (sequence.until() != null) {
        stages.add(stage(sequence.stages().size() + 1, true, sequence.until().query(),
            keys(sequence, sequence.until()), fields));
      }
    } else {
      throw new IllegalArgumentException("only event queries and sequences can be explained, not " + query);
    }
    return new Explainer(stages, fields.build());
  }

  /** The schema to read explained events with. */
  public FieldSchema schema() {
    return schema;
  }

  /** The verdict of every stage, in stage order, for an event read with {@link #schema()}. */
  public List<StageVerdict> explain(Object[] values) {
    List<StageVerdict> verdicts = new ArrayList<>(stages.size());
    for (StageTest stage : stages) {
      String failed = firstFailure(stage, values);
      verdicts.add(new StageVerdict(stage.stage(), stage.until(), failed == null, failed));
    }
    return verdicts;
  }

  private static String firstFailure(StageTest stage, Object[] values) {
    for (Conjunct conjunct : stage.conjuncts()) {
      if (!conjunct.predicate().test(values)) {
        return conjunct.text();
      }
    }
    for (int i = 0; i < stage.keySlots().length; i++) {
      if (values[stage.keySlots()[i]] == null) {
        return "join key " + stage.keys().get(i) + " is missing";
      }
    }
    return null;
  }

  /** The sequence's keys, then the stage's own; optional keys join on null, so they are never missing. */
  private static List<Field> keys(Query.Sequence sequence, Query.Stage stage) {
    List<Field> keys = new ArrayList<>(sequence.joinKeys());
    keys.addAll(stage.joinKeys());
    return keys.stream().filter(key -> !key.optional()).toList();
  }

  private static StageTest stage(int number, boolean until, Query.EventQuery query, List<Field> keys,
      FieldSchema.Builder fields) {
    List<Conjunct> conjuncts = new ArrayList<>();
    if (query.category() != null) {
      conjuncts.add(new Conjunct("event.category == \"" + query.category() + "\"",
          predicate(new Query.EventQuery(query.category(), new Expression.Constant(true)), fields)));
    }
    List<Expression> parts = new ArrayList<>();
    split(query.condition(), parts);
    for (Expression part : parts) {
      if (part instanceof Expression.Constant constant && constant.value()) {
        continue; // "any where true" and its like: nothing that can fail
      }
      conjuncts.add(new Conjunct(text(part), predicate(new Query.EventQuery(null, part), fields)));
    }
    int[] slots = new int[keys.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = fields.joinKeySlot(keys.get(i).name());
    }
    return new StageTest(number, until, conjuncts, keys.stream().map(Field::toString).toList(), slots);
  }

  private static EventPredicate predicate(Query.EventQuery query, FieldSchema.Builder fields) {
    return ((QueryPlan.EventPlan) Planner.plan(query, fields)).predicate();
  }

  /** The top-level conjuncts of {@code expression}, left to right, as written. */
  private static void split(Expression expression, List<Expression> into) {
    if (expression instanceof Expression.And and) {
      split(and.left(), into);
      split(and.right(), into);
    } else {
      into.add(expression);
    }
  }

  /** The canonical text without the outermost parentheses, which every non-constant condition has. */
  private static String text(Expression expression) {
    String text = expression.toString();
    return text.startsWith("(") && text.endsWith(")") && !(expression instanceof Expression.Constant)
        ? text.substring(1, text.length() - 1) : text;
  }
}
