package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sequence rule's orphans: later-stage candidates of join keys that have no state in the rule's
 * cache. Nothing can join such a candidate but an earlier stage of its key arriving out of order,
 * within the allowed lateness; on the whole rule set that is the fate of most candidates (98 % of
 * the key states the engine removed had been fed once, docs/benchmarks.md), and a Caffeine entry
 * with a {@link KeyState} each made them the largest part of matching. Here a key's orphans are a
 * small time-ordered list in a plain concurrent map, and they move into the cache, replayed into a
 * new {@link KeyState}, when any other event of the key comes.
 *
 * <p>Equivalence. What is kept for a key is what a {@link KeyState} fed the same candidates would
 * keep: no candidate matches the first stage, so no partial ever starts; a candidate later than the
 * allowed lateness behind the key's newest is dropped and counted {@link Discard#LATE}; candidates
 * that fall behind the lateness bound are dropped, and past the per-key limit the oldest are
 * dropped and counted {@link Discard#WINDOW_OVERFLOW}, as {@code KeyState.fold} does; a key whose
 * last orphan came longer ago than the allowed lateness (wall clock) is expired and counted
 * {@link Discard#EXPIRED}, as the cache expires a state without partials. Replaying the kept
 * candidates in time order into a fresh {@link KeyState} therefore gives the state the cache would
 * have held.
 *
 * <p>Concurrency. Every call for a key is made inside the rule cache's atomic {@code compute} for
 * that key, so calls for one key never overlap; the map's own atomic operations order them against
 * {@link #sweep}, which may run on any thread.
 *
 * <p>Memory. Orphans weigh like a state ({@link #weight()}, counted in the rule's key and byte
 * counters) and share the bound: when the engine caps the rule ({@link #limit}), new orphans past
 * the cap are refused and counted {@link Discard#EVICTED_BY_SIZE}. Expired keys are found when
 * touched, and removed by {@link #sweep} at most one allowed lateness later.
 */
final class Orphans {

  /**
   * A key's entry in the map, its holder and its key (the join value's string, or a key of several
   * values and its array): approximate bytes.
   */
  static final int OVERHEAD = 160;

  private final SequenceRule rule;
  private final long ttlNanos;
  /** Keyed by {@link #mapKey}: a key's own value where it is one string, else the key. */
  private final ConcurrentHashMap<Object, Kept> keys = new ConcurrentHashMap<>();
  private final AtomicLong weight = new AtomicLong();
  private final AtomicLong nextSweep;
  /**
   * Whether the rule keeps orphans: not with missing stages, whose times make a state wait for more
   * than the allowed lateness, nor with a lateness of zero, within which nothing can join them.
   */
  private final boolean enabled;
  private volatile long limit = Long.MAX_VALUE;

  Orphans(SequenceRule rule, long nowNanos) {
    this.rule = rule;
    this.ttlNanos = rule.partialLessTtlNanos();
    this.enabled = !rule.hasMissing() && ttlNanos > 0;
    this.nextSweep = new AtomicLong(nowNanos + ttlNanos);
  }

  /**
   * Whether {@code candidate} can be kept here rather than in a state: the rule keeps orphans at all
   * ({@link #enabled}), and the candidate neither matches the first stage nor is an until event.
   */
  boolean takes(Candidate candidate) {
    return enabled && candidate != null && !candidate.until && !candidate.matches(0);
  }

  /**
   * Keeps {@code candidate} for {@code key}, which has no state. Returns whether the key already had
   * orphans (a state found, for the hit counter).
   */
  boolean keep(CorrelationKey key, Candidate candidate, long nowNanos) {
    boolean[] found = new boolean[1];
    keys.compute(mapKey(key), (k, kept) -> {
      if (kept != null && expired(kept, nowNanos)) {
        dropExpired(kept);
        kept = null;
      }
      found[0] = kept != null;
      if (weight.get() + candidate.weight() > limit) {
        rule.discard(Discard.EVICTED_BY_SIZE, 1);
        return kept;
      }
      if (kept == null) {
        kept = new Kept();
        rule.stats().stateAdded(OVERHEAD);
        weight.addAndGet(OVERHEAD);
      }
      long before = kept.weight;
      kept.add(rule, candidate);
      kept.lastWrite = nowNanos;
      rule.stats().stateReweighed(kept.weight - before);
      weight.addAndGet(kept.weight - before);
      return kept;
    });
    return found[0];
  }

  /**
   * Removes and returns {@code key}'s orphans in time order, or null if it has none (or they
   * expired). The caller replays them into the key's new state; they leave this rule's counters here.
   */
  List<Candidate> take(CorrelationKey key, long nowNanos) {
    Kept kept = keys.remove(mapKey(key));
    if (kept == null) {
      return null;
    }
    if (expired(kept, nowNanos)) {
      dropExpired(kept);
      return null;
    }
    forget(kept);
    return kept.window();
  }

  /** Removes the keys whose orphans expired, if an allowed lateness passed since the last sweep. */
  void sweepIfDue(long nowNanos) {
    long due = nextSweep.get();
    if (nowNanos - due >= 0 && nextSweep.compareAndSet(due, nowNanos + ttlNanos)) {
      sweep(nowNanos);
    }
  }

  /**
   * Removes every key whose orphans expired. The rule's counters are moved once for the whole sweep:
   * moving them once per key (five shared counters each) was two fifths of the sweep in a profile
   * of the server with the whole rule set (docs/benchmarks.md), which expires most keys this way.
   */
  void sweep(long nowNanos) {
    long[] dropped = new long[2]; // keys, bytes
    for (Map.Entry<Object, Kept> entry : keys.entrySet()) {
      // Most keys are live: read without the lock, and lock only the ones to drop (checked again).
      if (!expired(entry.getValue(), nowNanos)) {
        continue;
      }
      keys.computeIfPresent(entry.getKey(), (k, kept) -> {
        if (!expired(kept, nowNanos)) {
          return kept;
        }
        dropped[0]++;
        dropped[1] += kept.weight;
        return null;
      });
    }
    if (dropped[0] > 0) {
      dropExpired((int) dropped[0], dropped[1]);
    }
  }

  /** Drops every key's orphans, counting each key with {@code reason} unless it is null. */
  void clear(Discard reason) {
    for (Object key : keys.keySet()) {
      Kept kept = keys.remove(key);
      if (kept != null) {
        forget(kept);
        if (reason != null) {
          rule.discard(reason, 1);
        }
      }
    }
  }

  /** Approximate bytes held, as {@link KeyState#weight()} counts a state's. */
  long weight() {
    return weight.get();
  }

  /** Number of keys with orphans, expired ones not yet swept included. */
  int size() {
    return keys.size();
  }

  /** Caps the bytes orphans may hold; past it new ones are refused. */
  void limit(long bytes) {
    limit = bytes;
  }

  long limit() {
    return limit;
  }

  /**
   * The map's key for {@code key}: its value itself when it is a single string, as most join keys
   * are (a host or process id), else the key. The map belongs to one rule, so the key's rule adds
   * nothing, and an orphan outlives the batch that made it: each object it keeps is copied by
   * every young collection it survives, and with the whole rule set orphans are most of what the
   * engine keeps. A string never equals a {@link CorrelationKey}, so the two kinds cannot collide.
   */
  private static Object mapKey(CorrelationKey key) {
    return key.values.length == 1 && key.values[0] instanceof String value ? value : key;
  }

  private boolean expired(Kept kept, long nowNanos) {
    return nowNanos - kept.lastWrite >= ttlNanos;
  }

  private void dropExpired(Kept kept) {
    dropExpired(1, kept.weight);
  }

  /** Takes {@code count} expired keys of {@code bytes} in all out of the counters, counted as expired. */
  private void dropExpired(int count, long bytes) {
    forget(count, bytes);
    rule.discard(Discard.EXPIRED, count);
  }

  private void forget(Kept kept) {
    forget(1, kept.weight);
  }

  private void forget(int count, long bytes) {
    rule.stats().statesRemoved(count, bytes);
    weight.addAndGet(-bytes);
  }

  /**
   * One key's orphans: what {@code KeyState}'s window would hold, in time order, and the newest
   * timestamp it has seen. Most keys only ever get one, held as it is; a list (two objects more) is
   * made for the second.
   */
  private static final class Kept {
    private Candidate only;
    private ArrayList<Candidate> many;
    long newest = Long.MIN_VALUE;
    long lastWrite;
    long weight = OVERHEAD;

    /** {@code KeyState.accept} and {@code fold}, for candidates that never start a partial. */
    void add(SequenceRule rule, Candidate candidate) {
      if (newest != Long.MIN_VALUE && candidate.timestamp < newest - rule.latenessMillis()) {
        rule.discard(Discard.LATE, 1);
        return;
      }
      if (only == null && many == null) {
        only = candidate;
      } else {
        if (many == null) {
          many = new ArrayList<>(2);
          many.add(only);
          only = null;
        }
        int at = many.isEmpty() || many.get(many.size() - 1).isBefore(candidate) ? many.size()
            : -Collections.binarySearch(many, candidate) - 1;
        many.add(at, candidate);
      }
      weight += 4 + candidate.weight();
      newest = Math.max(newest, candidate.timestamp);
      long bound = newest - rule.latenessMillis();
      while (size() > 0) {
        boolean overflow = size() > rule.maxCandidatesPerKey();
        if (first().timestamp >= bound && !overflow) {
          return;
        }
        if (overflow) {
          rule.discard(Discard.WINDOW_OVERFLOW, 1);
        }
        weight -= 4 + removeFirst().weight();
      }
    }

    private int size() {
      return many != null ? many.size() : only != null ? 1 : 0;
    }

    private Candidate first() {
      return many != null ? many.get(0) : only;
    }

    private Candidate removeFirst() {
      if (many != null) {
        return many.remove(0);
      }
      Candidate first = only;
      only = null;
      return first;
    }

    /** The orphans in time order. */
    List<Candidate> window() {
      return many != null ? many : only != null ? List.of(only) : List.of();
    }
  }
}
