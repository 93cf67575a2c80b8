package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sequence rule's orphans: later-stage candidates, and times of trailing and middle
 * missing-stage events, of join keys that have no state in the rule's cache. Nothing can join such
 * a candidate but an earlier stage of its key arriving out of order, within the allowed lateness;
 * on the whole rule set that is the fate of most candidates, and almost none is ever joined (in a
 * replay of Elastic's set, only 8 of 1,024 rules started a chain at all: docs/benchmarks.md). So
 * they are appended to the rule's {@link OrphanLog} in the order they come, with no look for their
 * key, and wait there for the allowed lateness of wall-clock time; a state made for a key takes its
 * orphans out of the log and replays them ({@link #mark}). A missing-stage time is the same case:
 * it can only veto a chain whose earlier events arrive after it, out of order (semantics §10.3).
 *
 * <p>Equivalence. What a new state gets is what a {@link KeyState} fed the same events would hold:
 * the key's orphans are replayed in the order they came through {@link KeyOrphans}, which applies
 * {@code KeyState}'s own rules as each comes (a candidate later than the allowed lateness behind the
 * key's newest is dropped and counted {@link Discard#LATE}; candidates behind the lateness bound are
 * dropped, and past the per-key limit the oldest are dropped and counted {@link
 * Discard#WINDOW_OVERFLOW}; missing-stage times are added and forgotten by {@link
 * KeyState#forget(SequenceRule, long, TimeSet, TimeSet, TimeSet[])}), then hands the state their
 * times ({@link KeyState#adopt}) and the candidates left, in time order. Two things differ from a
 * state, decisions of ours (semantics §10.3): each orphan waits the allowed lateness from its own
 * arrival, not from its key's last event, and leaves counted {@link Discard#EXPIRED} one by one; and
 * late or overflowing orphans are counted when a state takes them, those never taken not at all.
 *
 * <p>Marks. Whether a key has a state in the rule's cache is told by {@link #marking}, per bucket
 * of key hashes: a candidate whose bucket has no state is appended with no look into the cache; one
 * whose bucket may have one goes through the cache's atomic compute for its key, which joins the
 * state or, finding none, appends the candidate here ({@link #keepWithoutState}).
 *
 * <p>Concurrency. The log is changed under this object's lock. A state's bucket is raised before the
 * state is made, and the state takes its key's orphans under the lock; an orphan's bucket is read
 * under the lock before it is appended. So either the append comes first, and the state takes it,
 * or the append sees the raised bucket and goes through the cache, where the key's compute waits
 * for the state. A bucket is lowered after the cache has removed its state.
 *
 * <p>Memory. Orphans weigh what the log holds ({@link #weight()}, counted in the rule's key and byte
 * counters, each orphan as a key) and share the bound: when the engine caps the rule ({@link
 * #limit}), new orphans past the cap are refused, without a look into the cache when the key's
 * bucket has no state ({@link #refuses}); the engine counts them {@link Discard#EVICTED_BY_SIZE}.
 */
final class Orphans {

  /**
   * An orphan's place in the log besides its candidate, approximate bytes: its share of the log's
   * arrays, twice over for the room a ring that doubles leaves, and its key.
   */
  static final int ENTRY = 128;
  /** Buckets of {@link #marking}: a rule with a few states leaves most of them at zero. */
  private static final int MARK_BUCKETS = 1024;

  private final SequenceRule rule;
  private final long ttlNanos;
  private final OrphanLog log = new OrphanLog();
  private final AtomicLong weight = new AtomicLong();
  private volatile long limit = Long.MAX_VALUE;
  /**
   * Per bucket of key hashes, how many of the rule's states may be in its cache: raised before a
   * state is made ({@link #mark}), lowered after it left ({@link #unmark}), so that a zero proves
   * that no key of the bucket has a state, nor is getting one before the reader's look. A state that
   * leaves otherwise (with its rule, dropped on reload, or with all state, {@code
   * DetectionEngine.dropState}) leaves its bucket counted, which costs the shortcut, never the right
   * answer.
   */
  private final AtomicIntegerArray marking = new AtomicIntegerArray(MARK_BUCKETS);

  Orphans(SequenceRule rule) {
    this.rule = rule;
    this.ttlNanos = rule.partialLessTtlNanos();
  }

  /** What became of a role offered by {@link #keep}. */
  enum Holding {
    /** Appended to the log. */
    KEPT,
    /** The key's bucket may have a state: nothing was kept, and the role goes through the cache. */
    STATE,
    /** Refused, the rule being capped and the key's bucket without a state: nothing was kept. */
    REFUSED
  }

  /**
   * Whether the event's {@code role} can be kept here rather than in a state: the rule keeps orphans
   * at all ({@link SequenceRule#keepsOrphans()}), and the role is either a candidate that matches
   * neither the first stage, nor until, nor a missing stage, or ({@code candidate} null) a role of
   * missing stages only, kept as its time. Roles with stages past 64 go to the state.
   */
  boolean takes(Role role, Candidate candidate) {
    if (!rule.keepsOrphans() || !role.narrow()) {
      return false;
    }
    return candidate == null
        || !candidate.until && !candidate.matches(0) && role.missingStages(rule) == 0;
  }

  /**
   * Keeps the event's {@code role} for {@code key} unless the key's bucket may have a state
   * ({@link Holding#STATE}, nothing kept): its {@code candidate}, or, when that is null, the time of
   * its missing stages. {@link Holding#REFUSED} when the capped rule turned it away.
   */
  Holding keep(CorrelationKey key, Role role, Candidate candidate, long timestamp, long nowNanos) {
    synchronized (this) {
      if (marking.get(bucket(key)) != 0) {
        return Holding.STATE;
      }
      return append(key, role, candidate, timestamp, nowNanos);
    }
  }

  /**
   * {@link #keep} for a key that has no state: called inside the key's compute in the rule's cache,
   * which found none, and which orders it against the compute that would make one.
   */
  Holding keepWithoutState(CorrelationKey key, Role role, Candidate candidate, long timestamp, long nowNanos) {
    synchronized (this) {
      return append(key, role, candidate, timestamp, nowNanos);
    }
  }

  private Holding append(CorrelationKey key, Role role, Candidate candidate, long timestamp, long nowNanos) {
    long adds = adds(candidate);
    if (weight.get() + adds > limit) {
      return Holding.REFUSED;
    }
    log.append(key, candidate, timestamp, candidate == null ? role.missingStages(rule) : 0, nowNanos);
    rule.stats().stateAdded(adds);
    weight.addAndGet(adds);
    return Holding.KEPT;
  }

  /**
   * Whether the capped rule turns the role ({@code candidate}, or null for a time of missing stages)
   * away for {@code key} without a look into the cache, as {@link #keep} would. The engine asks
   * first, so that it copies the event's document only for roles that may be kept, and counts what
   * is refused ({@link Discard#EVICTED_BY_SIZE}), here or by {@link #keep}, once per batch.
   */
  boolean refuses(CorrelationKey key, Candidate candidate) {
    return weight.get() + adds(candidate) > limit && marking.get(bucket(key)) == 0;
  }

  private static long adds(Candidate candidate) {
    return ENTRY + (candidate != null ? candidate.weight() : 0);
  }

  /**
   * Marks {@code key}'s bucket as having {@code state}, which the caller made inside the key's
   * compute in the rule's cache and is about to put there, and takes the key's orphans: hands {@code
   * state} their missing-stage times ({@link KeyState#adopt}) and returns their candidates in time
   * order for it to replay, or null if it had none; they leave this rule's counters here. From here
   * until {@link #unmark}, {@link #keep} keeps nothing for the key's bucket. Orphans whose time to
   * live ended by {@code nowNanos} leave first, counted as expired, as the next sweep would.
   */
  List<Candidate> mark(CorrelationKey key, KeyState state, long nowNanos) {
    marking.incrementAndGet(bucket(key));
    KeyOrphans orphans = new KeyOrphans(rule);
    OrphanLog.Left expired;
    OrphanLog.Left taken;
    synchronized (this) {
      expired = log.expire(nowNanos, ttlNanos);
      taken = log.take(key, orphans);
    }
    forget(expired, Discard.EXPIRED);
    if (taken.entries() == 0) {
      return null;
    }
    forget(taken, null);
    state.adopt(orphans.newest, orphans.trailing, orphans.gaps);
    return orphans.window();
  }

  /** Lowers the bucket of {@code key}, whose state has left the rule's cache. */
  void unmark(CorrelationKey key) {
    marking.decrementAndGet(bucket(key));
  }

  private static int bucket(CorrelationKey key) {
    int hash = key.hashCode();
    return (hash ^ hash >>> 16) & (MARK_BUCKETS - 1);
  }

  /**
   * Lets go of the orphans that waited their time to live by {@code nowNanos}, counted as expired.
   * The engine calls it after every batch, so an expired orphan leaves the bound's count then.
   */
  void sweep(long nowNanos) {
    OrphanLog.Left expired;
    synchronized (this) {
      if (log.size() == 0) {
        return;
      }
      expired = log.expire(nowNanos, ttlNanos);
    }
    forget(expired, Discard.EXPIRED);
  }

  /** Lets go of every orphan, counting each with {@code reason} unless it is null. */
  void clear(Discard reason) {
    OrphanLog.Left cleared;
    synchronized (this) {
      cleared = log.clear();
    }
    forget(cleared, reason);
  }

  /** Orphans waiting in the log. */
  synchronized int size() {
    return log.size();
  }

  /** Approximate bytes held, as {@link KeyState#weight()} counts a state's. */
  long weight() {
    return weight.get();
  }

  /** Caps the bytes orphans may hold; past it new ones are refused. */
  void limit(long bytes) {
    limit = bytes;
  }

  /**
   * Caps the bytes orphans may hold, for a rule capped at its fair share ({@code
   * DetectionEngine.rebalance}): past it new ones are refused, and the oldest go until the orphans
   * hold at most seven eighths of it, counted {@link Discard#EVICTED_BY_SIZE}. So each batch finds
   * room for new orphans, taken from the ones nearest the end of their wait: refusing alone kept the
   * oldest and turned away every new one, and a chain delivered in reverse order over a thousand
   * events (its last stage an orphan until its first arrives) was lost whenever its rule was capped.
   */
  void capAt(long bytes) {
    limit = bytes;
    long room = bytes - (bytes >>> 3);
    if (weight.get() <= room) {
      return;
    }
    OrphanLog.Left dropped;
    synchronized (this) {
      dropped = log.dropOldest(weight.get() - room, ENTRY);
    }
    forget(dropped, Discard.EVICTED_BY_SIZE);
  }

  /** Takes {@code left} out of the counters, and counts its orphans with {@code reason} unless it is null. */
  private void forget(OrphanLog.Left left, Discard reason) {
    if (left.entries() == 0) {
      return;
    }
    long bytes = (long) ENTRY * left.entries() + left.candidateBytes();
    rule.stats().statesRemoved(left.entries(), bytes);
    weight.addAndGet(-bytes);
    if (reason != null) {
      rule.discard(reason, left.entries());
    }
  }

  /**
   * One key's orphans as a {@link KeyState} fed them would hold them, built by replaying them in the
   * order they came: the candidates in time order, the missing-stage times, and the newest timestamp
   * seen. No candidate here matches the first stage, so no partial ever starts.
   */
  static final class KeyOrphans implements OrphanLog.Taken {
    private final SequenceRule rule;
    private final ArrayList<Candidate> window = new ArrayList<>(2);
    /** Times of trailing and middle missing-stage events, as {@code KeyState} keeps them; null if none. */
    TimeSet trailing;
    TimeSet[] gaps;
    long newest = Long.MIN_VALUE;

    KeyOrphans(SequenceRule rule) {
      this.rule = rule;
    }

    /** {@code KeyState.accept} and {@code fold}, for candidates that never start a partial. */
    @Override
    public void candidate(Candidate candidate) {
      if (newest != Long.MIN_VALUE && candidate.timestamp < newest - rule.latenessMillis()) {
        rule.discard(Discard.LATE, 1);
        return;
      }
      int at = window.isEmpty() || window.get(window.size() - 1).isBefore(candidate) ? window.size()
          : -Collections.binarySearch(window, candidate) - 1;
      window.add(at, candidate);
      newest = Math.max(newest, candidate.timestamp);
      forget();
    }

    /**
     * {@code KeyState.absent} and {@code advance}, for an event of the missing plan stages {@code
     * missingStages} only (trailing or middle ones: a rule with a leading one keeps no orphans).
     */
    @Override
    public void time(long timestamp, long missingStages) {
      for (long bits = missingStages; bits != 0; bits &= bits - 1) {
        int gap = rule.gapOf(Long.numberOfTrailingZeros(bits));
        if (gap == SequenceRule.TRAILING) {
          trailing = withTime(trailing, timestamp);
          continue;
        }
        if (gaps == null) {
          gaps = new TimeSet[rule.chainLength() - 1];
        }
        gaps[gap] = withTime(gaps[gap], timestamp);
      }
      newest = Math.max(newest, timestamp);
      forget();
    }

    private static TimeSet withTime(TimeSet times, long time) {
      TimeSet set = times != null ? times : new TimeSet();
      set.add(time);
      return set;
    }

    /**
     * What {@code KeyState} forgets as its newest timestamp moves: candidates behind the lateness
     * bound or past the per-key limit, and the missing-stage times no chain can need any more.
     */
    private void forget() {
      long bound = newest - rule.latenessMillis();
      while (!window.isEmpty()) {
        boolean overflow = window.size() > rule.maxCandidatesPerKey();
        if (window.get(0).timestamp >= bound && !overflow) {
          break;
        }
        if (overflow) {
          rule.discard(Discard.WINDOW_OVERFLOW, 1);
        }
        window.remove(0);
      }
      if (trailing != null || gaps != null) {
        KeyState.forget(rule, bound, null, trailing, gaps);
      }
    }

    /** The candidates in time order. */
    List<Candidate> window() {
      return window;
    }
  }
}
