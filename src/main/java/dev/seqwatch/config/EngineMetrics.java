package dev.seqwatch.config;

import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.Discard;
import dev.seqwatch.sequence.EngineStats;
import dev.seqwatch.sequence.RuleStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The engine's counters as Micrometer meters: events evaluated, detections and revisions, every
 * discard by reason, and the number of keys with correlation state; and the same by rule, tagged
 * {@code rule_id}, so that an operator sees which rule costs what. A rule has its stages plus nine
 * series (keys, bytes, alerts, six discard reasons): about 12,000 for a thousand rules, which
 * Prometheus takes in its stride.
 */
@Component
class EngineMetrics implements MeterBinder {

  private final ActiveRules active;
  private final ObjectProvider<CorrelationState> partitions;
  /**
   * What the keys gauge reads. Micrometer holds a gauge's object weakly, so the combined view must
   * be held here: a local one was collected, and the gauge then read NaN.
   */
  private CorrelationState state;

  EngineMetrics(ActiveRules active, ObjectProvider<CorrelationState> partitions) {
    this.active = active;
    this.partitions = partitions;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // Every engine of a reload shares its predecessor's counters and cache, so one binding counts them all.
    EngineStats stats = active.current().engine().stats();
    FunctionCounter.builder("seqwatch.engine.events", stats, EngineStats::events)
        .description("Events evaluated against the rules").register(registry);
    FunctionCounter.builder("seqwatch.engine.conditions.tested", stats, EngineStats::conditionsTested)
        .description("Rule conditions evaluated in full after the stage index chose them").register(registry);
    FunctionCounter.builder("seqwatch.engine.detections", stats, EngineStats::detections)
        .description("Detections reported, revisions included").register(registry);
    FunctionCounter.builder("seqwatch.engine.revisions", stats, EngineStats::revisions)
        .description("Detections that revise one reported earlier").register(registry);
    for (Discard reason : Discard.values()) {
      FunctionCounter.builder("seqwatch.engine.discards", stats, s -> s.discarded(reason))
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .description("Events or partial sequences the engine let go of, by reason").register(registry);
    }
    // The instance's engine plus, in Kafka consume mode, the engines of the events topic's and the
    // repartition topics' partitions (issues 14, 16).
    CorrelationState own = CorrelationState.of(active);
    state = () -> own.estimatedKeys() + partitions.stream().mapToLong(CorrelationState::estimatedKeys).sum();
    Gauge.builder("seqwatch.correlation.keys", state, CorrelationState::estimatedKeys)
        .description("Keys with correlation state (approximate)").register(registry);
    FunctionCounter.builder("seqwatch.correlation.requests", stats, EngineStats::statesFound)
        .tag("result", "hit").description("Lookups of a key's state that found it").register(registry);
    FunctionCounter.builder("seqwatch.correlation.requests", stats, EngineStats::statesCreated)
        .tag("result", "miss").description("Lookups of a key's state that created it").register(registry);
    Gauge.builder("seqwatch.correlation.hit.ratio", stats, EngineMetrics::hitRatio)
        .description("Share of state lookups that found existing state (NaN before the first)").register(registry);
    FunctionCounter.builder("seqwatch.correlation.evictions", stats,
            s -> s.discarded(Discard.EXPIRED) + s.discarded(Discard.EVICTED_BY_SIZE))
        .description("Key states removed by size or expiry").register(registry);
    bindRules(registry, stats);
    active.onReload(rules -> bindRules(registry, stats));
  }

  private static double hitRatio(EngineStats stats) {
    long found = stats.statesFound();
    long lookups = found + stats.statesCreated();
    return lookups == 0 ? Double.NaN : (double) found / lookups;
  }

  /**
   * Per-rule and stage meters of every rule known so far, rules added by a reload included;
   * registering one again is a no-op.
   */
  private static void bindRules(MeterRegistry registry, EngineStats stats) {
    for (RuleStats rule : stats.rules()) {
      String id = rule.ruleId();
      Gauge.builder("seqwatch.engine.rule.keys", rule, RuleStats::keys).tag("rule_id", id)
          .description("Join keys of a rule with correlation state, each waiting orphan as one (approximate)").register(registry);
      Gauge.builder("seqwatch.engine.rule.bytes", rule, RuleStats::bytes).tag("rule_id", id).baseUnit("bytes")
          .description("Approximate weight of a rule's correlation state, shared documents by their share")
          .register(registry);
      FunctionCounter.builder("seqwatch.engine.rule.conditions.tested", rule, RuleStats::conditionsTested)
          .tag("rule_id", id)
          .description("Evaluations of a rule's conditions on events the stage index let through")
          .register(registry);
      FunctionCounter.builder("seqwatch.engine.rule.alerts", rule, RuleStats::alerts).tag("rule_id", id)
          .description("Detections of a rule, revisions included").register(registry);
      for (Discard reason : Discard.values()) {
        FunctionCounter.builder("seqwatch.engine.rule.discards", rule, r -> r.discarded(reason))
            .tag("rule_id", id).tag("reason", reason.name().toLowerCase(Locale.ROOT))
            .description("Events or partial sequences let go of, by rule and reason").register(registry);
      }
    }
    stats.stageCounts().forEach((rule, stages) -> {
      for (int stage = 0; stage < stages; stage++) {
        int index = stage;
        FunctionCounter.builder("seqwatch.engine.stage.matches", stats, s -> s.stageMatches(rule, index))
            .tag("rule", rule).tag("stage", Integer.toString(stage + 1))
            .description("Events matching a rule stage (1-based)").register(registry);
      }
    });
  }
}
