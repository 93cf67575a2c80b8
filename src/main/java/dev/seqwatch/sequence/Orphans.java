package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sequence rule's orphans: later-stage candidates of join keys that have no state in the rule's
 * cache. Nothing can join such a candidate but an earlier stage of its key arriving out of order,
 * within the allowed lateness; on the whole rule set that is the fate of most candidates (98 % of
 * the key states the engine removed had been fed once, docs/benchmarks.md), and a Caffeine entry
 * with a {@link KeyState} each made them the largest part of matching. Here a key's orphans are a
 * small time-ordered list ({@link Kept}) in the engine's {@link OrphanPool}, shared with the other
 * rules' orphans of the same values, and they move into the cache, replayed into a new {@link
 * KeyState}, when any other event of the key comes.
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
 * that key, so this rule's calls for one key never overlap; the pool's own atomic operations order
 * them against other rules' calls for the same values and against its sweep, which may run on any
 * thread.
 *
 * <p>Memory. Orphans weigh like a state ({@link #weight()}, counted in the rule's key and byte
 * counters) and share the bound: when the engine caps the rule ({@link #limit}), new orphans past
 * the cap are refused and counted {@link Discard#EVICTED_BY_SIZE}. Each rule's key is weighed with
 * a map entry of its own, as it was before rules shared entries, so the bound errs on the safe side.
 * Expired keys are found when touched, and removed by the pool's sweep after the first batch that
 * ends past their deadline.
 */
final class Orphans {

  /**
   * A key's entry in the map, its holder and its key (the join value's string, or a key of several
   * values and its array), and its place in the pool's deadlines: approximate bytes.
   */
  static final int OVERHEAD = 160;

  private final SequenceRule rule;
  private final OrphanPool pool;
  private final long ttlNanos;
  private final AtomicLong weight = new AtomicLong();
  /**
   * Whether the rule keeps orphans: not with missing stages, whose times make a state wait for more
   * than the allowed lateness, nor with a lateness of zero, within which nothing can join them.
   */
  private final boolean enabled;
  private volatile long limit = Long.MAX_VALUE;

  Orphans(SequenceRule rule, OrphanPool pool) {
    this.rule = rule;
    this.pool = pool;
    this.ttlNanos = rule.partialLessTtlNanos();
    this.enabled = !rule.hasMissing() && ttlNanos > 0;
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
   * orphans of this rule (a state found, for the hit counter).
   */
  boolean keep(CorrelationKey key, Candidate candidate, long nowNanos) {
    boolean[] found = new boolean[1];
    pool.compute(key, (values, chain) -> {
      Kept kept = Kept.of(chain, this);
      if (kept != null && expired(kept, nowNanos)) {
        dropExpired(kept);
        chain = Kept.without(chain, kept);
        kept.release();
        kept = null;
      }
      found[0] = kept != null;
      if (weight.get() + candidate.weight() > limit) {
        rule.discard(Discard.EVICTED_BY_SIZE, 1);
        return chain;
      }
      if (kept == null) {
        kept = new Kept(this, values, chain);
        chain = kept;
        rule.stats().stateAdded(OVERHEAD);
        weight.addAndGet(OVERHEAD);
      }
      long before = kept.weight;
      kept.add(rule, candidate);
      kept.lastWrite = nowNanos;
      pool.expiresAt(kept, nowNanos + ttlNanos);
      rule.stats().stateReweighed(kept.weight - before);
      weight.addAndGet(kept.weight - before);
      return chain;
    });
    return found[0];
  }

  /**
   * Removes and returns {@code key}'s orphans in time order, or null if it has none (or they
   * expired). The caller replays them into the key's new state; they leave this rule's counters here.
   */
  List<Candidate> take(CorrelationKey key, long nowNanos) {
    // Only this rule adds its own link for the key, and never while this call runs: a chain read
    // without the lock that lacks it needs no locked look.
    if (Kept.of(pool.chain(key), this) == null) {
      return null;
    }
    Kept[] taken = new Kept[1];
    pool.compute(key, (values, chain) -> {
      taken[0] = Kept.of(chain, this);
      return taken[0] == null ? chain : Kept.without(chain, taken[0]);
    });
    Kept kept = taken[0];
    if (kept == null) {
      return null; // swept meanwhile
    }
    if (expired(kept, nowNanos)) {
      dropExpired(kept);
      kept.release();
      return null;
    }
    forget(kept, null);
    List<Candidate> window = kept.window();
    kept.release();
    return window;
  }

  /** Approximate bytes held, as {@link KeyState#weight()} counts a state's. */
  long weight() {
    return weight.get();
  }

  /** Caps the bytes orphans may hold; past it new ones are refused. */
  void limit(long bytes) {
    limit = bytes;
  }

  boolean expired(Kept kept, long nowNanos) {
    return nowNanos - kept.lastWrite >= ttlNanos;
  }

  private void dropExpired(Kept kept) {
    dropExpired(1, kept.weight);
  }

  /** Takes {@code count} expired keys of {@code bytes} in all out of the counters, counted as expired. */
  void dropExpired(int count, long bytes) {
    forget(count, bytes);
    rule.discard(Discard.EXPIRED, count);
  }

  /** Takes {@code kept} out of the counters, and counts its key with {@code reason} unless it is null. */
  void forget(Kept kept, Discard reason) {
    forget(1, kept.weight);
    if (reason != null) {
      rule.discard(reason, 1);
    }
  }

  private void forget(int count, long bytes) {
    rule.stats().statesRemoved(count, bytes);
    weight.addAndGet(-bytes);
  }

  /**
   * One rule's orphans of one key: what {@code KeyState}'s window would hold, in time order, and the
   * newest timestamp it has seen; linked to the other rules' orphans of the same values. Most keys
   * only ever get one, held as it is; a list (two objects more) is made for the second.
   */
  static final class Kept {
    final Orphans owner;
    /** The join values as the pool's map keys them, for a sweep to find the link again. */
    final Object values;
    /** The next rule's link; written only inside the pool's compute, read without it by {@code take}. */
    volatile Kept next;
    private Candidate only;
    private ArrayList<Candidate> many;
    long newest = Long.MIN_VALUE;
    long lastWrite;
    long weight = OVERHEAD;

    Kept(Orphans owner, Object values, Kept next) {
      this.owner = owner;
      this.values = values;
      this.next = next;
    }

    /**
     * Lets go of the orphans of a link that left its chain: the pool's deadlines still name the link
     * until its last deadline passes, and must not keep the documents alive that long.
     */
    void release() {
      only = null;
      many = null;
    }

    /** {@code owner}'s link in {@code chain}, or null. */
    static Kept of(Kept chain, Orphans owner) {
      for (Kept kept = chain; kept != null; kept = kept.next) {
        if (kept.owner == owner) {
          return kept;
        }
      }
      return null;
    }

    /** {@code chain} without {@code kept}, which it holds; {@code kept}'s own link is left as it was. */
    static Kept without(Kept chain, Kept kept) {
      if (chain == kept) {
        return kept.next;
      }
      for (Kept before = chain; before.next != null; before = before.next) {
        if (before.next == kept) {
          before.next = kept.next;
          break;
        }
      }
      return chain;
    }

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
