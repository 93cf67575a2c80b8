package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SampleFilter;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The partition keys under which an event is a candidate of the rules that are not host-local
 * ({@link Partitioning#repartitioned}): one per join-key value of every stage, until or sample
 * filter it matches, as {@link Partitioning#key}. An event with no such key matches no stage of
 * those rules and need not travel.
 *
 * <p>Invariant: the keys are exactly those under which {@link DetectionEngine#process} would touch
 * the rules' state for this event, so an engine that owns a key sees every event of that key. The
 * stage tests are the engine's own ({@link JoinKeys#of}, {@link SampleKey#of}); the
 * index patterns too, so a document outside a rule's indices does not travel for it.
 */
public final class CandidateKeys {

  private final List<CompiledRule> rules;

  /** @param rules every rule; only those that are not host-local are considered */
  public CandidateKeys(RuleSet rules) {
    this.rules = Partitioning.repartitioned(rules).rules();
  }

  /** Whether no rule needs repartitioning, and so no event ever travels. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The distinct partition keys of {@code event}, in rule order; empty when it is no candidate. */
  public Set<String> of(Event event) {
    Set<String> keys = new LinkedHashSet<>(2);
    Object[] values = event.values();
    String index = null;
    boolean indexRead = false;
    for (CompiledRule rule : rules) {
      if (!rule.definition().index().isEmpty()) {
        if (!indexRead) {
          index = event.indexName();
          indexRead = true;
        }
        if (!rule.indices().matches(index)) {
          continue;
        }
      }
      if (rule.plan() instanceof SequencePlan sequence) {
        for (Stage stage : sequence.stages()) {
          add(stage, values, keys);
        }
        if (sequence.until() != null) {
          add(sequence.until(), values, keys);
        }
      } else if (rule.plan() instanceof SamplePlan sample) {
        for (SampleFilter filter : sample.filters()) {
          if (filter.predicate().test(values)) {
            SampleKey.of(filter, values).forEach(key -> keys.add(Partitioning.key(key.values())));
          }
        }
      }
    }
    return keys;
  }

  private static void add(Stage stage, Object[] values, Set<String> keys) {
    if (stage.predicate().test(values)) {
      // One key per value of a multi-valued key field (§3.5), as the engine joins them.
      JoinKeys.of(stage, values).forEach(key -> keys.add(Partitioning.key(key)));
    }
  }
}
