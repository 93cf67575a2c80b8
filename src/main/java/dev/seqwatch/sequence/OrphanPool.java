package dev.seqwatch.sequence;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where every sequence rule of an engine keeps its {@link Orphans}: one map from join values to the
 * rules' orphans of those values, a short chain with one link ({@link Orphans.Kept}) per rule: its
 * orphans, or the mark of its state when the rule has a state for the values.
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
 * <p>Concurrency. A chain is only changed inside this map's atomic {@code compute} for its values,
 * which orders every call for them, of one rule or several (see {@link Orphans}).
 */
final class OrphanPool {

  private final ConcurrentHashMap<Object, Orphans.Kept> chains = new ConcurrentHashMap<>();
  private final DeadlineQueue<Orphans.Kept> deadlines = new DeadlineQueue<>();

  /**
   * Replaces the chain of {@code key}'s values by what {@code change} makes of it (null: none),
   * atomically against every other change of that chain; {@code change} gets the values as this
   * map keys them, for the links it makes ({@link Orphans.Kept#values}).
   */
  void compute(CorrelationKey key, BiFunction<Object, Orphans.Kept, Orphans.Kept> change) {
    chains.compute(mapKey(key), change);
  }

  /** Removes the links of {@code key}'s values that {@code remove} accepts, under the chain's lock. */
  void unlink(CorrelationKey key, Predicate<Orphans.Kept> remove) {
    removeLinks(mapKey(key), remove, kept -> {
    });
  }

  /**
   * Notes that each of {@code written}, written at {@code nowNanos}, expires at its rule's time to
   * live from then unless written again, so that a sweep finds each link at its deadline. Called
   * once per batch, for every write of the batch: the queue's lock, which every request thread
   * takes, is then taken once per batch rather than once per orphan kept.
   */
  void writtenAt(List<Orphans.Kept> written, long nowNanos) {
    long[] due = new long[written.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = written.get(i).owner.deadline(nowNanos);
    }
    deadlines.addAll(written, due);
  }

  /**
   * Removes every link whose orphans expired by its rule's time to live, and takes them out of each
   * rule's counters once for the whole sweep: moving the shared counters once per key was two fifths
   * of the sweep in a profile of the server with the whole rule set (docs/benchmarks.md).
   *
   * <p>Only the links whose deadline passed are looked at, so a sweep costs what expired since the
   * last one, and the engine sweeps after every batch: an orphan leaves the bound's count at its
   * time to live. A sweep of the whole map every allowed lateness, as before, let expired orphans
   * weigh for up to one lateness more: in a replay of the whole rule set the seed rule's orphans
   * swung between 5,000 and 9,400 keys where 5,100 were live, and past 50,000 events/s the fair
   * division evicted its candidates for what it no longer needed (docs/benchmarks.md).
   */
  void sweep(long nowNanos) {
    List<Orphans.Kept> due = deadlines.takeDue(nowNanos);
    if (due.isEmpty()) {
      return;
    }
    Map<Orphans, long[]> dropped = new IdentityHashMap<>(); // per rule: keys, bytes
    for (Orphans.Kept link : due) {
      if (!link.owner.expired(link, nowNanos)) {
        // Written again since, so a later deadline of it is queued: no need to lock its chain. A key
        // written at every event, as the telemetry-loss rule's host is, queues one per event.
        continue;
      }
      // One taken or removed since is no longer linked, and is left alone.
      removeLinks(link.values, kept -> kept == link && kept.owner.expired(kept, nowNanos), kept -> {
        long[] sums = dropped.computeIfAbsent(kept.owner, owner -> new long[2]);
        sums[0]++;
        sums[1] += kept.weight;
      });
    }
    dropped.forEach((owner, sums) -> owner.dropExpired((int) sums[0], sums[1]));
  }

  /**
   * Removes every orphan of the rules {@code owners} accepts, counting each key with {@code reason}
   * unless it is null: one pass over the pool, however many rules a reload drops.
   */
  void clear(Predicate<Orphans> owners, Discard reason) {
    for (Object values : chains.keySet()) {
      removeLinks(values, kept -> owners.test(kept.owner), kept -> {
        if (!kept.marks()) {
          kept.owner.forget(kept, reason);
        }
      });
    }
  }

  /**
   * Number of distinct join values with orphans of any rule, expired ones not yet swept included;
   * not those with only marks, whose keys the rules' caches count. Walks the map, for the gauges.
   */
  long size() {
    long values = 0;
    for (Orphans.Kept chain : chains.values()) {
      for (Orphans.Kept kept = chain; kept != null; kept = kept.next) {
        if (!kept.marks()) {
          values++;
          break;
        }
      }
    }
    return values;
  }

  /** Number of distinct join values with a link of any kind, marks included; for tests. */
  int entries() {
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
          kept.release();
        }
        kept = next;
      }
      return chain;
    });
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
