package dev.seqwatch.sequence;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Where every sequence rule of an engine keeps its {@link Orphans}: one map from join values to the
 * rules' orphans of those values, a short chain with one link ({@link Orphans.Kept}) per rule.
 *
 * <p>Why one map. With Elastic's whole rule set most candidates are orphans, and several rules
 * often make one of the same event under the same values: the PANW, FortiGate and Suricata
 * correlations all join a Defend network connection by its source port, source and destination
 * address; the two "Recently Compiled Executable" rules join a Linux exec by host and process name.
 * A map per rule looked each of those up once per rule, and the maps together held far more entries
 * than the processor's caches, so each lookup waited for memory (docs/benchmarks.md). Here the
 * rules that share values share one lookup and one entry.
 *
 * <p>What stays per rule. Join values compare across rules only as values: the chain keeps each
 * rule's orphans apart, and everything a rule decides about its own (lateness, limits, expiry,
 * counters) is decided by its {@link Orphans} as it was with a map of its own.
 *
 * <p>Concurrency. A rule's calls for one key are made inside that rule's cache compute, so they
 * never overlap; calls of different rules for the same values are ordered by this map's atomic
 * {@code compute}, which a chain is only changed inside.
 */
final class OrphanPool {

  private final ConcurrentHashMap<Object, Orphans.Kept> chains = new ConcurrentHashMap<>();
  private final long sweepEveryNanos;
  private final AtomicLong nextSweep;

  /**
   * A pool swept every {@code sweepEveryNanos}: the allowed lateness, the longest any rule keeps an
   * orphan without a new one of its key ({@link SequenceRule#partialLessTtlNanos}).
   */
  OrphanPool(long sweepEveryNanos, long nowNanos) {
    this.sweepEveryNanos = sweepEveryNanos;
    this.nextSweep = new AtomicLong(nowNanos + sweepEveryNanos);
  }

  /**
   * Replaces the chain of {@code key}'s values by what {@code change} makes of it (null: none),
   * atomically against every other change of that chain.
   */
  void compute(CorrelationKey key, UnaryOperator<Orphans.Kept> change) {
    chains.compute(mapKey(key), (values, chain) -> change.apply(chain));
  }

  /** The chain of {@code key}'s values as last published, read without the lock; null if none. */
  Orphans.Kept chain(CorrelationKey key) {
    return chains.get(mapKey(key));
  }

  /** Removes the links whose orphans expired, if a sweep interval passed since the last sweep. */
  void sweepIfDue(long nowNanos) {
    long due = nextSweep.get();
    if (sweepEveryNanos > 0 && nowNanos - due >= 0 && nextSweep.compareAndSet(due, nowNanos + sweepEveryNanos)) {
      sweep(nowNanos);
    }
  }

  /**
   * Removes every link whose orphans expired by its rule's time to live, and takes them out of each
   * rule's counters once for the whole sweep: moving the shared counters once per key was two fifths
   * of the sweep in a profile of the server with the whole rule set (docs/benchmarks.md).
   */
  void sweep(long nowNanos) {
    Predicate<Orphans.Kept> expired = kept -> kept.owner.expired(kept, nowNanos);
    Map<Orphans, long[]> dropped = new IdentityHashMap<>(); // per rule: keys, bytes
    for (Map.Entry<Object, Orphans.Kept> entry : chains.entrySet()) {
      // Most chains are live: read without the lock, and lock only those to change (checked again).
      if (any(entry.getValue(), expired)) {
        removeLinks(entry.getKey(), expired, kept -> {
          long[] sums = dropped.computeIfAbsent(kept.owner, owner -> new long[2]);
          sums[0]++;
          sums[1] += kept.weight;
        });
      }
    }
    dropped.forEach((owner, sums) -> owner.dropExpired((int) sums[0], sums[1]));
  }

  /**
   * Removes every orphan of the rules {@code owners} accepts, counting each key with {@code reason}
   * unless it is null: one pass over the pool, however many rules a reload drops.
   */
  void clear(Predicate<Orphans> owners, Discard reason) {
    for (Object values : chains.keySet()) {
      removeLinks(values, kept -> owners.test(kept.owner), kept -> kept.owner.forget(kept, reason));
    }
  }

  /** Number of distinct join values with orphans of any rule, expired ones not yet swept included. */
  int size() {
    return chains.size();
  }

  /**
   * Removes, under the lock of {@code values}' chain, each link that {@code remove} accepts, handing
   * it to {@code removed} first; a chain left empty leaves the map.
   */
  private void removeLinks(Object values, Predicate<Orphans.Kept> remove, Consumer<Orphans.Kept> removed) {
    chains.computeIfPresent(values, (k, chain) -> {
      Orphans.Kept kept = chain;
      while (kept != null) {
        Orphans.Kept next = kept.next;
        if (remove.test(kept)) {
          removed.accept(kept);
          chain = Orphans.Kept.without(chain, kept);
        }
        kept = next;
      }
      return chain;
    });
  }

  private static boolean any(Orphans.Kept chain, Predicate<Orphans.Kept> test) {
    for (Orphans.Kept kept = chain; kept != null; kept = kept.next) {
      if (test.test(kept)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The map's key for {@code key}'s values: the value itself when it is a single string, as most
   * join keys are (a host or process id), else the values. Not the rule: rules share entries. An
   * orphan outlives the batch that made it, and each object it keeps is copied by every young
   * collection it survives; with the whole rule set orphans are most of what the engine keeps. A
   * string never equals {@link JoinValues}, so the two kinds cannot collide.
   */
  private static Object mapKey(CorrelationKey key) {
    return key.values.length == 1 && key.values[0] instanceof String value ? value : new JoinValues(key.values);
  }

  /** Join values compared as Elasticsearch compares them (semantics §3.3), whatever the rule. */
  private static final class JoinValues {
    private final Object[] values;
    private final int hash;

    JoinValues(Object[] values) {
      this.values = values;
      this.hash = Arrays.deepHashCode(values);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof JoinValues that && hash == that.hash && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
