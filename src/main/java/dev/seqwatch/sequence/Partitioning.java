package dev.seqwatch.sequence;

import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a rule's correlation state can live when the stream is split into partitions keyed by
 * {@code host.id} (docs/scaling.md, "Partitioning by join keys").
 *
 * <p>Invariant: two events a rule may join have equal values at every join-key position (semantics
 * §3.3). So if, at one position, every stage joins on a {@linkplain #isHostLocalKey host-local key},
 * every chain of the rule lies on one host and so in one partition of a {@code host.id}-keyed
 * stream: the rule is {@link Kind#HOST_LOCAL}. Otherwise the rule's events must be brought together
 * by their join-key values ({@link Kind#BY_KEY}), or, without any join key, all in one place
 * ({@link Kind#SINGLE}). Event queries keep no state and are host-local.
 *
 * @param keys the join-key fields of the rule's first stage (or filter), one per position; empty
 *     for event queries and rules without a join key
 */
public record Partitioning(Kind kind, List<String> keys) {

  /** How a rule's events must be partitioned. */
  public enum Kind {
    /** Every chain lies on one host: the {@code host.id}-keyed events topic is partitioned right. */
    HOST_LOCAL,
    /** Chains may span hosts: candidates are partitioned again by the rule's join-key values. */
    BY_KEY,
    /** No join key: every candidate of the rule goes to one partition. */
    SINGLE;

    /** The name the API and the logs show: {@code host_local}, {@code by_key}, {@code single}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Keys whose equal values only occur on one host: {@code host.id} itself, {@code agent.id} (one
   * agent runs on one host and reports that host's id), and the {@code entity_id}s of a process and
   * its relatives in the {@code process.*} fields ({@link #isHostLocalKey}), which ECS defines as
   * globally unique "across multiple monitored hosts", as Elastic Defend fills them, and which name
   * processes of the reporting host. {@code host.name} is not counted (two hosts may share a name),
   * nor are user, container or cloud ids, which hosts share.
   */
  private static final Set<String> HOST_LOCAL_KEYS = Set.of("host.id", "agent.id");

  public Partitioning {
    keys = List.copyOf(keys);
  }

  /** Whether equal values of {@code field} are only ever reported by one host (see {@link #HOST_LOCAL_KEYS}). */
  public static boolean isHostLocalKey(String field) {
    return HOST_LOCAL_KEYS.contains(field) || field.startsWith("process.") && field.endsWith("entity_id");
  }

  /** The partitioning of one rule, from the join keys of its plan. */
  public static Partitioning of(CompiledRule rule) {
    List<List<String>> roles = new ArrayList<>();
    if (rule.plan() instanceof SequencePlan sequence) {
      sequence.stages().forEach(stage -> roles.add(stage.keyFields()));
      if (sequence.until() != null) {
        roles.add(sequence.until().keyFields());
      }
    } else if (rule.plan() instanceof SamplePlan sample) {
      sample.filters().forEach(filter -> roles.add(filter.keyFields()));
    } else {
      return new Partitioning(Kind.HOST_LOCAL, List.of()); // an event query keeps no state
    }
    List<String> first = roles.get(0);
    if (first.isEmpty()) {
      return new Partitioning(Kind.SINGLE, List.of());
    }
    for (int position = 0; position < first.size(); position++) {
      boolean hostLocal = true;
      for (List<String> role : roles) {
        hostLocal &= isHostLocalKey(role.get(position));
      }
      if (hostLocal) {
        return new Partitioning(Kind.HOST_LOCAL, first);
      }
    }
    return new Partitioning(Kind.BY_KEY, first);
  }

  /** How many rules of {@code rules} are of each kind, every kind listed. */
  public static Map<Kind, Integer> count(RuleSet rules) {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0);
    }
    rules.rules().forEach(rule -> counts.merge(of(rule).kind(), 1, Integer::sum));
    return counts;
  }

  /** The rules of {@code rules} that are host-local, with the same schema. */
  public static RuleSet hostLocal(RuleSet rules) {
    return select(rules, true);
  }

  /** The rules of {@code rules} that need their candidates partitioned again, with the same schema. */
  public static RuleSet repartitioned(RuleSet rules) {
    return select(rules, false);
  }

  private static RuleSet select(RuleSet rules, boolean hostLocal) {
    return new RuleSet(rules.rules().stream().filter(rule -> (of(rule).kind() == Kind.HOST_LOCAL) == hostLocal)
        .toList(), rules.schema());
  }

  /**
   * The partition key of a correlation state: its join-key values, position by position, each
   * tagged and length-prefixed so that no two different key tuples give the same text ({@code s} a
   * value, {@code m} a multi-valued key and its count, {@code n} a missing optional sample key). The
   * empty string for a rule without join keys. Producer and consumer both call this, so a candidate
   * travels to the partition whose engine owns the state of its key.
   */
  public static String key(Object[] values) {
    StringBuilder key = new StringBuilder();
    for (Object value : values) {
      if (value == null) {
        key.append('n');
      } else if (value instanceof Object[] many) {
        key.append('m').append(many.length).append(':');
        for (Object one : many) {
          append(key.append('s'), one);
        }
      } else {
        append(key.append('s'), value);
      }
    }
    return key.toString();
  }

  private static void append(StringBuilder key, Object value) {
    String text = String.valueOf(value);
    key.append(text.length()).append(':').append(text);
  }
}
