package dev.seqwatch.plan;

import dev.seqwatch.event.FieldMapping;

/**
 * A condition Elasticsearch evaluates as a script over doc values ({@code MultiValueAwareScriptQuery}):
 * true when some choice of one value per field occurrence makes the condition true; a field with
 * no value (missing, or every value over {@code ignore_above}) contributes null, as
 * {@code InternalEqlScriptUtils.multiValueDocValues} passes null for an empty field. A null or
 * false result is no match ({@code nullSafeFilter}).
 *
 * <p>Each evaluation allocates one array of the chosen values; rules without functions or
 * arithmetic never build this predicate.
 */
final class ScriptPredicate extends EventPredicate {

  private final int[] slots;
  private final FieldMapping[] mappings;
  private final Operand condition;
  private final boolean errorsAreNoMatch;
  private final String text;

  ScriptPredicate(int[] slots, FieldMapping[] mappings, Operand condition, boolean errorsAreNoMatch, String text) {
    this.slots = slots;
    this.mappings = mappings;
    this.condition = condition;
    this.errorsAreNoMatch = errorsAreNoMatch;
    this.text = text;
  }

  @Override
  public boolean test(Object[] values) {
    try {
      return any(values, new Object[slots.length], 0);
    } catch (EvaluationException e) {
      if (errorsAreNoMatch) {
        return false;
      }
      throw e;
    }
  }

  private boolean any(Object[] values, Object[] chosen, int occurrence) {
    if (occurrence == slots.length) {
      return Boolean.TRUE.equals(condition.value(chosen));
    }
    Object raw = values[slots[occurrence]];
    if (raw instanceof String[] many) {
      boolean some = false;
      for (String each : many) {
        Object typed = Values.typed(each, mappings[occurrence]);
        if (typed != null) {
          some = true;
          chosen[occurrence] = typed;
          if (any(values, chosen, occurrence + 1)) {
            return true;
          }
        }
      }
      if (some) {
        return false;
      }
      chosen[occurrence] = null;
    } else {
      chosen[occurrence] = raw == null ? null : Values.typed((String) raw, mappings[occurrence]);
    }
    return any(values, chosen, occurrence + 1);
  }

  /** Whether the condition reads no field, so its answer is the same for every event. */
  boolean readsNoField() {
    return slots.length == 0;
  }

  @Override
  public String toString() {
    return "script" + text;
  }
}
