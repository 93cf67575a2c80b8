package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * One sequence rule's orphans: later-stage candidates, and times of trailing and middle
 * missing-stage events, of join keys that have no state in the rule's cache. Nothing can join such
 * a candidate but an earlier stage of its key arriving out of order, within the allowed lateness;
 * on the whole rule set that is the fate of most candidates (98 % of
 * the key states the engine removed had been fed once, docs/benchmarks.md), and a Caffeine entry
 * with a {@link KeyState} each made them the largest part of matching. Here a key's orphans are a
 * small time-ordered list ({@link Kept}) in the engine's {@link OrphanPool}, shared with the other
 * rules' orphans of the same values, and they move into the cache, replayed into a new {@link
 * KeyState}, when any other event of the key comes. A missing-stage time is the same case: it can
 * only veto a chain whose earlier events arrive after it, out of order (semantics §10.3), and the
 * telemetry-loss rule of Elastic's set records one for every event of its host, which a state in the
 * cache paid for with a {@code compute} per event (docs/benchmarks.md).
 *
 * <p>Equivalence. What is kept for a key is what a {@link KeyState} fed the same candidates would
 * keep: no candidate matches the first stage, so no partial ever starts; a candidate later than the
 * allowed lateness behind the key's newest is dropped and counted {@link Discard#LATE}; candidates
 * that fall behind the lateness bound are dropped, and past the per-key limit the oldest are
 * dropped and counted {@link Discard#WINDOW_OVERFLOW}, as {@code KeyState.fold} does; a key whose
 * last orphan came longer ago than the allowed lateness (wall clock) is expired and counted
 * {@link Discard#EXPIRED}, as the cache expires a state without partials. Missing-stage times are
 * added and forgotten by {@code KeyState}'s own rules ({@link KeyState#forget(SequenceRule, long,
 * TimeSet, TimeSet, TimeSet[])}), with the same newest timestamp, and a time forgets candidates as
 * it moves that timestamp. Handing the times to a fresh {@link KeyState} ({@link KeyState#adopt})
 * and replaying the kept candidates in time order therefore gives the state the cache would have
 * held.
 *
 * <p>Marks. A key with a state in the rule's cache has a mark in the pool instead ({@link #mark},
 * {@link #unmark}), so a later-stage candidate finds out with one look into the pool, which it
 * needs anyway, whether to join a state or its key's orphans: most candidates of the whole rule set
 * are orphans, and a look into the rule's cache for each cost a wait for memory as long as the
 * pool's own (docs/benchmarks.md). A key has a mark or orphans of one rule, never both.
 *
 * <p>Concurrency. Links change only inside the pool's atomic compute for their values, which
 * orders this rule's calls for a key against each other, against other rules' calls for the same
 * values, and against the pool's sweep, which may run on any thread. A mark is put inside the
 * compute in the rule's cache that makes the state, before the state is there, and taken off inside
 * the cache's atomic eviction of that state: so whenever the key has a state, it has the mark, and
 * a candidate that finds no mark has no state to join; one that finds a mark joins the state
 * through the cache, where it waits for the state to be there.
 *
 * <p>Memory. Orphans weigh like a state ({@link #weight()}, counted in the rule's key and byte
 * counters) and share the bound: when the engine caps the rule ({@link #limit}), new orphans past
 * the cap are refused and counted {@link Discard#EVICTED_BY_SIZE}. A capped rule refuses a candidate
 * without a look into the pool when no key of its hash bucket has a state ({@link #marking}): with
 * Elastic's whole set the bound is full, and the rules whose later stages match most events have
 * hardly any state, so each refusal waited for a pool entry's memory only to learn what the bucket
 * tells. Each rule's key is weighed with
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
  /**
   * A state's mark: its link, and the map's entry and key when no other rule holds the values,
   * approximate bytes; counted in the state's weight ({@link KeyState#weight()}).
   */
  static final int MARK = 130;
  /** Buckets of {@link #marking}: a rule with a few states leaves most of them at zero. */
  private static final int MARK_BUCKETS = 256;

  private final SequenceRule rule;
  private final OrphanPool pool;
  private final long ttlNanos;
  private final AtomicLong weight = new AtomicLong();
  private volatile long limit = Long.MAX_VALUE;
  /**
   * Per bucket of key hashes, how many of the rule's states may have a mark in the pool: raised
   * before a mark is put ({@link #mark}), lowered after it is taken off ({@link #unmark}), so that
   * a zero proves that no key of the bucket has a state, nor is getting one before the reader's
   * look. A mark that leaves otherwise (with its rule, dropped on reload, or with all state, {@code
   * DetectionEngine.dropState}) leaves its bucket counted, which costs the shortcut, never the
   * right answer.
   */
  private final AtomicIntegerArray marking = new AtomicIntegerArray(MARK_BUCKETS);

  Orphans(SequenceRule rule, OrphanPool pool) {
    this.rule = rule;
    this.pool = pool;
    this.ttlNanos = rule.partialLessTtlNanos();
  }

  /** What a key holds for the rule, as {@link #keep} found it. */
  enum Holding {
    /** Orphans of this rule: the candidate joined them. */
    ORPHANS,
    /** Nothing of this rule: the candidate is the key's first orphan. */
    NOTHING,
    /** The mark of a state: nothing was kept, and the candidate belongs to the state. */
    STATE,
    /**
     * Refused before any look, the rule being capped and the key's bucket without a state
     * ({@link #marking}): nothing was kept, and nothing was looked up.
     */
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
   * Keeps the event's {@code role} for {@code key} unless the key has a state, which its mark in the
   * pool tells without a look into the rule's cache ({@link #mark}): its {@code candidate}, or, when
   * that is null, the time of its missing stages. Returns what the key had, and on {@link
   * Holding#STATE} keeps nothing; {@link Holding#REFUSED} when the capped rule turned the role away
   * without looking. Called again inside the key's compute in the rule's cache when
   * that found the state gone, it finds no mark: Caffeine calls the eviction listener, which takes
   * the mark off, inside the removal and before a compute can see the key absent. The link it
   * writes goes into {@code writes}, whose deadlines the engine queues at the batch's end
   * ({@link OrphanPool#writtenAt}).
   */
  Holding keep(CorrelationKey key, Role role, Candidate candidate, long timestamp, long nowNanos, Writes writes) {
    return refuses(key, candidate) ? Holding.REFUSED
        : keepUnrefused(key, role, candidate, timestamp, nowNanos, writes);
  }

  /**
   * {@link #keep} for a role that {@link #refuses} has just let through: the engine asks first, so
   * that it copies the event's document only for roles that may be kept.
   */
  Holding keepUnrefused(CorrelationKey key, Role role, Candidate candidate, long timestamp, long nowNanos,
      Writes writes) {
    return writes.keep(this, key, role, candidate, timestamp, nowNanos);
  }

  /** What {@link #keepUnrefused} does to the chain of the key's values, inside the pool's compute. */
  private Kept keepInChain(Writes writes, Object values, Kept chain) {
    Kept kept = Kept.of(chain, this);
    if (kept != null && kept.marks()) {
      writes.had = Holding.STATE;
      return chain;
    }
    long nowNanos = writes.nowNanos;
    if (kept != null && expired(kept, nowNanos)) {
      dropExpired(kept);
      chain = Kept.without(chain, kept);
      kept.release();
      kept = null;
    }
    writes.had = kept != null ? Holding.ORPHANS : Holding.NOTHING;
    Candidate candidate = writes.candidate;
    if (weight.get() + adds(candidate) > limit) {
      rule.discard(Discard.EVICTED_BY_SIZE, 1);
      return chain;
    }
    if (kept == null) {
      kept = new Kept(this, values, chain, null);
      chain = kept;
      rule.stats().stateAdded(OVERHEAD);
      weight.addAndGet(OVERHEAD);
    }
    long before = kept.weight;
    if (candidate != null) {
      kept.add(rule, candidate);
    } else {
      kept.addTime(rule, writes.role.missingStages(rule), writes.timestamp);
    }
    kept.lastWrite = nowNanos;
    writes.written.add(kept);
    rule.stats().stateReweighed(kept.weight - before);
    weight.addAndGet(kept.weight - before);
    return chain;
  }

  /**
   * One batch's writes into the pool, made by one thread: the links written, whose deadlines the
   * engine queues at the batch's end ({@link OrphanPool#writtenAt}), and the function that {@link
   * #keepUnrefused} hands the pool's compute, set up anew for each candidate. One object for the
   * batch rather than a lambda and a result holder per candidate: the whole rule set feeds the
   * pool more than three times per event, and those two were an eighth of what matching allocated
   * besides the kept documents (docs/benchmarks.md). Never used by two computes at once: the
   * function does not feed the pool again.
   */
  static final class Writes implements BiFunction<Object, Kept, Kept> {
    private final List<Kept> written = new ArrayList<>();
    private Orphans owner;
    private Role role;
    private Candidate candidate;
    private long timestamp;
    private long nowNanos;
    private Holding had;

    /** The links written so far, in the order written; a link written twice is there twice. */
    List<Kept> written() {
      return written;
    }

    private Holding keep(Orphans owner, CorrelationKey key, Role role, Candidate candidate, long timestamp,
        long nowNanos) {
      this.owner = owner;
      this.role = role;
      this.candidate = candidate;
      this.timestamp = timestamp;
      this.nowNanos = nowNanos;
      try {
        owner.pool.compute(key, this);
        return had;
      } finally {
        this.owner = null;
        this.role = null;
        this.candidate = null;
        this.had = null;
      }
    }

    @Override
    public Kept apply(Object values, Kept chain) {
      return owner.keepInChain(this, values, chain);
    }
  }

  /**
   * Whether the capped rule turns the role ({@code candidate}, or null for a time of missing stages)
   * away for {@code key} without a look into the pool, as {@link #keep} would first; counts it
   * {@link Discard#EVICTED_BY_SIZE} when it does. What the pool's compute would decide, without the
   * wait for the key's entry: no state to join, and no room. Expired orphans of the key, if any,
   * are left to the sweep.
   */
  boolean refuses(CorrelationKey key, Candidate candidate) {
    if (weight.get() + adds(candidate) > limit && marking.get(bucket(key)) == 0) {
      rule.discard(Discard.EVICTED_BY_SIZE, 1);
      return true;
    }
    return false;
  }

  private static long adds(Candidate candidate) {
    return candidate != null ? candidate.weight() : TimeSet.BYTES_PER_TIME;
  }

  /**
   * Marks {@code key} as having {@code state}, which the caller made inside the key's compute in
   * the rule's cache and is about to put there, and takes the key's orphans: hands {@code state}
   * their missing-stage times ({@link KeyState#adopt}) and returns their candidates in time order for
   * it to replay, or null if it had none (or they expired); they leave this rule's counters here.
   * From here until {@link #unmark}, {@link #keep} keeps nothing for the key, so no candidate waits
   * in the pool while the key has a state to join.
   */
  List<Candidate> mark(CorrelationKey key, KeyState state, long nowNanos) {
    marking.incrementAndGet(bucket(key));
    Kept[] taken = new Kept[1];
    pool.compute(key, (values, chain) -> {
      Kept link = Kept.of(chain, this);
      if (link != null) {
        chain = Kept.without(chain, link);
        taken[0] = link.marks() ? null : link;
      }
      return new Kept(this, values, chain, state);
    });
    Kept kept = taken[0];
    if (kept == null) {
      return null;
    }
    if (expired(kept, nowNanos)) {
      dropExpired(kept);
      kept.release();
      return null;
    }
    forget(kept, null);
    state.adopt(kept.newest, kept.trailing, kept.gaps);
    List<Candidate> window = kept.window();
    kept.release();
    return window;
  }

  /**
   * Takes {@code state}'s mark off {@code key}: the state is leaving the rule's cache. Only that
   * state's mark, so that the call can never unmark a state made after it.
   */
  void unmark(CorrelationKey key, KeyState state) {
    pool.unlink(key, link -> link.owner == this && link.state == state);
    marking.decrementAndGet(bucket(key));
  }

  private static int bucket(CorrelationKey key) {
    int hash = key.hashCode();
    return (hash ^ hash >>> 16) & (MARK_BUCKETS - 1);
  }

  /** When a link of this rule, written at {@code nowNanos}, expires unless written again. */
  long deadline(long nowNanos) {
    return nowNanos + ttlNanos;
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
   * One rule's link for one key's values, linked to the other rules' links of the same values: the
   * rule's orphans of the key, what {@code KeyState}'s window would hold, in time order, with the
   * newest timestamp it has seen; or the mark of the key's state ({@link #state}), which holds
   * nothing. Most keys only ever get one orphan, held as it is; a list (two objects more) is made
   * for the second.
   */
  static final class Kept {
    final Orphans owner;
    /** The join values as the pool's map keys them, for a sweep to find the link again. */
    final Object values;
    /**
     * The next rule's link; written only inside the pool's compute, read without it by {@link
     * OrphanPool#size()}.
     */
    volatile Kept next;
    /** For a mark, the state it stands for ({@link #mark}); null for a link of orphans. */
    final KeyState state;
    private Candidate only;
    private ArrayList<Candidate> many;
    /** Times of trailing and middle missing-stage events, as {@code KeyState} keeps them; null if none. */
    TimeSet trailing;
    TimeSet[] gaps;
    long newest = Long.MIN_VALUE;
    /**
     * Written inside the pool's compute; read without it too, by the sweep, to pass over a link written
     * again since its deadline was queued. Volatile, so that read is never torn.
     */
    volatile long lastWrite;
    long weight = OVERHEAD;

    Kept(Orphans owner, Object values, Kept next, KeyState state) {
      this.owner = owner;
      this.values = values;
      this.next = next;
      this.state = state;
    }

    /** Whether this link marks a state of its rule rather than holding orphans. */
    boolean marks() {
      return state != null;
    }

    /**
     * Lets go of the orphans of a link that left its chain: the pool's deadlines still name the link
     * until its last deadline passes, and must not keep the documents alive that long.
     */
    void release() {
      only = null;
      many = null;
      trailing = null;
      gaps = null;
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
      forget(rule);
    }

    /**
     * {@code KeyState.absent} and {@code advance}, for an event of the missing plan stages {@code
     * missingStages} only (trailing or middle ones: a rule with a leading one keeps no orphans).
     */
    void addTime(SequenceRule rule, long missingStages, long timestamp) {
      for (long bits = missingStages; bits != 0; bits &= bits - 1) {
        int gap = rule.gapOf(Long.numberOfTrailingZeros(bits));
        if (gap == SequenceRule.TRAILING) {
          trailing = withTime(trailing, timestamp);
          continue;
        }
        if (gaps == null) {
          gaps = new TimeSet[rule.chainLength() - 1];
          weight += 16 + 4L * gaps.length;
        }
        gaps[gap] = withTime(gaps[gap], timestamp);
      }
      newest = Math.max(newest, timestamp);
      forget(rule);
    }

    /**
     * {@code times} (a new set if null) with {@code time} added, and what it grew by added to this
     * link's weight: only the sets an event touches are weighed, not every set of the link.
     */
    private TimeSet withTime(TimeSet times, long time) {
      TimeSet set = times != null ? times : new TimeSet();
      int before = times != null ? times.weight() : 0;
      set.add(time);
      weight += set.weight() - before;
      return set;
    }

    /**
     * What {@code KeyState} forgets as its newest timestamp moves: candidates behind the lateness
     * bound or past the per-key limit, and the missing-stage times no chain can need any more.
     */
    private void forget(SequenceRule rule) {
      long bound = newest - rule.latenessMillis();
      while (size() > 0) {
        boolean overflow = size() > rule.maxCandidatesPerKey();
        if (first().timestamp >= bound && !overflow) {
          break;
        }
        if (overflow) {
          rule.discard(Discard.WINDOW_OVERFLOW, 1);
        }
        weight -= 4 + removeFirst().weight();
      }
      if (trailing != null || gaps != null) {
        // Forgetting times leaves each set's array as it was (TimeSet#weight), so the weight stays.
        KeyState.forget(rule, bound, null, trailing, gaps);
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
