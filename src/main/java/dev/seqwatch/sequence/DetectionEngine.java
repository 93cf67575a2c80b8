package dev.seqwatch.sequence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.eql.Query;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventIdentity;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.EventPredicate;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.plan.QueryPlan.SampleFilter;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import dev.seqwatch.plan.StageIndex;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs every loaded rule over batches of events and reports the detections they complete. The
 * engine's single entry point; thread-safe.
 *
 * <p>A rule sees a document only if the document's index (see {@link Event#indexName()}) matches
 * the rule's index patterns, or is unknown, as Elasticsearch runs a rule only over its indices.
 *
 * <p>Which rules look at an event is decided once per event by a {@link StageIndex} over the
 * conditions of every rule: each stage of a sequence (missing stages {@code ![ … ]} included, and a
 * stage {@code with runs=N} once, since its copies are one condition) and each {@code until}, each
 * event query, each filter of a sample. Only the conditions it selects are evaluated, and only for
 * rules whose index patterns see the document. The index never leaves out a condition that holds,
 * so the detections are those of evaluating every condition of every rule. The filters a sample
 * rule's event matched go to the sample matcher ({@link SampleMatcher}), after the event's
 * sequences.
 *
 * <p>Contract: within one call, events are taken in the order of semantics §10.1 ({@code
 * @timestamp}, {@code event.sequence}, arrival), so a batch gives the same detections however its
 * events are arranged. Across calls, events that arrive in time order give exactly the detections
 * of one sorted pass, however they are split into batches; events out of order by no more than the
 * allowed lateness give every detection of that pass exactly once, plus revisions (§10.2).
 *
 * <p>Per-key state lives in a Caffeine cache per sequence rule, keyed by join-key values. All work
 * on one key's state happens inside {@code asMap().compute}, which Caffeine applies atomically per
 * key, so concurrent batches for the same host serialise there and different keys never contend.
 * The remapping function only touches that key's state and its rule's orphans: no I/O, no other
 * entry of the cache. Entries expire
 * after maxspan plus the allowed lateness of wall-clock time without a new event (§10.3). The
 * maximum weight in approximate bytes bounds the rules together and is divided fairly among them
 * after each batch ({@link FairShare}, {@link #rebalance}): past it, the rules holding most are
 * capped and evict by their own cache's policy, so a noisy rule cannot evict a quiet rule's
 * partial chains. Both kinds of removal are counted. Cache size and eviction counts are, as
 * Caffeine says, approximate. A later-stage candidate of a key without state, which only an
 * earlier stage arriving out of order can join, is appended to its rule's log of orphans ({@link
 * Orphans}, {@link OrphanLog}) and waits there the allowed lateness for another event of its key,
 * which makes a state and takes it. Per bucket of key hashes the rule counts its states, so a
 * later-stage candidate whose bucket has none is appended without a look into the cache.
 *
 * <p>Weighing. A document kept by several rules (or several keys of one rule) is copied out of the
 * request buffer once and shared. Its weight ({@link Candidate#documentWeight}) is divided among the
 * candidates made from it in the same call, each carrying its share plus its own overhead, so that
 * while they all keep it the bound counts it exactly once. The alternatives were worse: charging
 * every holder the whole document is what made 760 rules evict each other at a fraction of the
 * memory actually used; charging it to one holder undercounts it entirely once that holder lets go.
 * With an even split, the document is undercounted only by the shares of holders that have let go
 * while others still keep it, never more than the share each one carried. A key's state weighs
 * everything it keeps ({@link KeyState#weight()}). A state that waits for nothing but an earlier
 * stage that may still arrive out of order (no pending partial, no chain waiting for its
 * missing-event check, no missing-stage times: {@link KeyState#waitsBeyondLateness()}) lives the
 * allowed lateness without new events rather than maxspan plus lateness; so does one that holds
 * only {@code until} events, which §10.2 keeps for the allowed lateness.
 *
 * <p>Chains of a rule with missing stages (semantics §11) are reported when nothing can veto them
 * any more: by the call whose event moves their key's time far enough, by {@link #closeWindows} at
 * the end of a finite input, or, when their key's state expires, to the listener registered with
 * {@link #onExpiry}.
 */
public final class DetectionEngine {

  private final List<CompiledRule> rules;
  private final List<SequenceRule> sequences = new ArrayList<>();
  private final List<CompiledRule> eventQueries = new ArrayList<>();
  private final Targets targets;
  private final SampleMatcher samples;
  /**
   * Each sequence rule's key states, a cache per rule so that the bound can be divided fairly among
   * rules ({@link #rebalance}); identity-keyed, fixed at construction.
   */
  private final Map<SequenceRule, Cache<CorrelationKey, KeyState>> states;
  /** Each sequence rule's {@link Orphans}, kept and dropped with its cache. */
  private final Map<SequenceRule, Orphans> orphans;
  /**
   * The same caches and orphans by the rule's owner number in {@link Targets}, null for an event
   * query: what a feed reaches for, an array read instead of two identity-hash probes per feed.
   */
  private final RuleState[] byOwner;
  /** Held by the thread that rebalances the rules' caps; others skip it. */
  private final AtomicBoolean rebalancing = new AtomicBoolean();
  private final EngineStats stats;
  private final AtomicLong arrivals;
  private final boolean anyRuleHasIndexPatterns;
  private final RuleSet ruleSet;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final CorrelationSettings settings;
  private volatile DetectionListener expiryListener;
  /**
   * The partition keys ({@link Partitioning#key}) whose state this engine keeps; null for every
   * key. Roles of an event under other keys are skipped: another partition's engine owns them.
   */
  private final Predicate<String> owns;

  public DetectionEngine(RuleSet ruleSet, CorrelationSettings settings, Ticker ticker, Scheduler scheduler) {
    this(ruleSet, settings, ticker, scheduler, new EngineStats(ruleSet.rules()), null);
  }

  private DetectionEngine(RuleSet ruleSet, CorrelationSettings settings, Ticker ticker, Scheduler scheduler,
      EngineStats stats, Predicate<String> owns) {
    this.owns = owns;
    this.ruleSet = ruleSet;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.settings = settings;
    this.arrivals = new AtomicLong();
    this.rules = ruleSet.rules();
    this.stats = stats;
    this.anyRuleHasIndexPatterns = rules.stream().anyMatch(rule -> !rule.definition().index().isEmpty());
    List<CompiledRule> sampleRules = new ArrayList<>();
    for (CompiledRule rule : rules) {
      if (rule.plan() instanceof SequencePlan plan) {
        sequences.add(new SequenceRule(rule, plan, settings, stats));
      } else if (rule.plan() instanceof SamplePlan) {
        sampleRules.add(rule);
      } else {
        eventQueries.add(rule);
      }
    }
    this.targets = new Targets(eventQueries, sequences, sampleRules, ruleSet.schema(), stats);
    this.samples = sampleRules.isEmpty() ? null
        : new SampleMatcher(sampleRules, settings, ticker, scheduler, stats, owns);
    this.states = new IdentityHashMap<>();
    this.orphans = new IdentityHashMap<>();
    for (SequenceRule sequence : sequences) {
      Orphans ruleOrphans = new Orphans(sequence);
      orphans.put(sequence, ruleOrphans);
      states.put(sequence, newStates(ruleOrphans));
    }
    this.byOwner = byOwner();
  }

  /**
   * The cache maintenance and removal notices handed to the executor by this thread's current
   * {@link #process} call, run at its end; unset outside it.
   */
  private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

  /**
   * The executor of the rules' caches and of the sample rules' ({@link SampleMatcher}): inside
   * {@link #process}, queues the task for the end of the batch, where Caffeine's drain status keeps
   * one cleanup per cache queued at a time; elsewhere (its scheduler's prompt expiry, tests' {@link
   * #cleanUp}) runs it at once, so expiry never waits for the next batch. Evictions a batch needs
   * before its end still happen: a writer that finds the write buffer full runs the maintenance
   * itself.
   */
  static void runInBatch(Runnable task) {
    List<Runnable> deferred = DEFERRED.get();
    if (deferred != null) {
      deferred.add(task);
    } else {
      task.run();
    }
  }

  /** One sequence rule's key states and orphans. */
  private record RuleState(Cache<CorrelationKey, KeyState> states, Orphans orphans) {
  }

  private RuleState[] byOwner() {
    SequenceRule[] owners = targets.ownerSequence;
    RuleState[] byOwner = new RuleState[owners.length];
    for (int owner = 0; owner < owners.length; owner++) {
      if (owners[owner] != null) {
        byOwner[owner] = new RuleState(states.get(owners[owner]), orphans.get(owners[owner]));
      }
    }
    return byOwner;
  }

  /**
   * One rule's key states: bounded alone by the whole bound until {@link #rebalance} caps it. A state
   * evicted or expired lowers its bucket's count of states ({@code ruleOrphans}) within the eviction.
   */
  private Cache<CorrelationKey, KeyState> newStates(Orphans ruleOrphans) {
    return Caffeine.newBuilder()
        // Maintenance (eviction, expiry) and removal notices run on the writing thread, once at the
        // end of its batch (runInBatch): a hand-off to the common pool on every write cost a thread
        // wake-up per candidate event, and running them at every write made the two request threads
        // take turns on each cache's drain status, a tenth of matching (docs/benchmarks.md).
        .executor(DetectionEngine::runInBatch)
        .ticker(ticker)
        .scheduler(scheduler)
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((CorrelationKey key, KeyState state) -> state.weight())
        .expireAfter(new IdleExpiry())
        .evictionListener((CorrelationKey key, KeyState state, RemovalCause cause) -> {
          if (key == null) {
            return;
          }
          if (key.rule.keepsOrphans()) {
            ruleOrphans.unmark(key);
          }
          if (cause == RemovalCause.EXPIRED) {
            key.rule.discard(Discard.EXPIRED, 1);
          } else if (cause == RemovalCause.SIZE) {
            key.rule.discard(Discard.EVICTED_BY_SIZE, 1);
          }
        })
        // After removal and outside the entry's lock: the state leaves its rule's counters, and an
        // expired key's pending chains with missing stages are confirmed on the wall clock and
        // handed to the expiry listener (§11). A state dropped on purpose (reload, revocation) is
        // not decided: its chains are no longer this engine's to report.
        .removalListener((CorrelationKey key, KeyState state, RemovalCause cause) -> {
          if (cause == RemovalCause.REPLACED || key == null || state == null) {
            return;
          }
          key.rule.stats().stateRemoved(state.weight());
          if (cause == RemovalCause.EXPIRED) {
            expired(key, state);
          }
        })
        .build();
  }

  /** An engine on the system clock, with prompt expiry from Caffeine's system scheduler. */
  public DetectionEngine(RuleSet ruleSet, CorrelationSettings settings) {
    this(ruleSet, settings, Ticker.systemTicker(), Scheduler.systemScheduler());
  }

  /**
   * A new engine with the same clock and state of its own under {@code settings}, whose counters
   * add to this engine's {@link #stats()}: one per partition of a stream, so that each partition's
   * state can be rebuilt or dropped alone while the metrics still count them all. It runs {@code
   * rules}, a subset of this engine's with the same schema, and keeps the state of only the join
   * keys {@code owns} accepts, as {@link Partitioning#key} spells them; {@code owns} null keeps every
   * key (docs/scaling.md, "Partitioning by join keys"). Its {@link #withRules reloads} keep {@code
   * owns}.
   */
  public DetectionEngine partition(RuleSet rules, CorrelationSettings settings, Predicate<String> owns) {
    DetectionEngine partition = new DetectionEngine(rules, settings, ticker, scheduler, stats, owns);
    partition.expiryListener = expiryListener;
    return partition;
  }

  /**
   * The engine for a reloaded rule set (docs/semantics.md, "Reloads"): same settings, clock,
   * counters, arrival numbers and correlation state as this one, and a stage index of its own over
   * the new rules. A sequence rule whose definition is unchanged keeps its {@link SequenceRule}
   * (with its {@link RuleStats}), and with it, since state is keyed by that object, every partial
   * sequence; the state of every other rule is dropped and counted as {@link Discard#RULE_CHANGED}
   * for that rule. Reuse needs the old plan to read the same slots from the new reader's events, so
   * it happens only when {@code next}'s schema extends this one's ({@code FieldSchema.extending});
   * otherwise all state is dropped.
   *
   * <p>This engine stays usable: a batch already running on it finishes on the old rules. State
   * it then creates for a rule that changed is no longer reachable and goes by expiry.
   */
  public DetectionEngine withRules(RuleSet next) {
    return new DetectionEngine(this, next);
  }

  private DetectionEngine(DetectionEngine previous, RuleSet next) {
    this.owns = previous.owns;
    this.ruleSet = next;
    this.ticker = previous.ticker;
    this.scheduler = previous.scheduler;
    this.settings = previous.settings;
    this.arrivals = previous.arrivals;
    this.stats = previous.stats;
    this.states = new IdentityHashMap<>();
    this.orphans = new IdentityHashMap<>();
    // The shared cache reports expiry through the engine that built it; the listener is carried so
    // that either engine reports to the same place.
    this.expiryListener = previous.expiryListener;
    this.rules = next.rules();
    this.anyRuleHasIndexPatterns = rules.stream().anyMatch(rule -> !rule.definition().index().isEmpty());
    stats.register(rules);
    Map<String, SequenceRule> before = new HashMap<>();
    boolean schemaExtends = next.schema().extendsSchema(previous.ruleSet.schema());
    if (schemaExtends) {
      previous.sequences.forEach(sequence -> before.put(sequence.rule().id(), sequence));
    }
    Set<SequenceRule> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    List<CompiledRule> sampleRules = new ArrayList<>();
    for (CompiledRule rule : rules) {
      if (rule.plan() instanceof SequencePlan plan) {
        SequenceRule old = before.get(rule.id());
        if (old != null && old.rule().definition().equals(rule.definition())) {
          sequences.add(old);
          kept.add(old);
        } else {
          sequences.add(new SequenceRule(rule, plan, settings, stats));
        }
      } else if (rule.plan() instanceof SamplePlan) {
        sampleRules.add(rule);
      } else {
        eventQueries.add(rule);
      }
    }
    this.targets = new Targets(eventQueries, sequences, sampleRules, next.schema(), stats);
    // Sample rules share one matcher: it is kept whole when none of them changed, else rebuilt.
    boolean samplesUnchanged = previous.samples != null && schemaExtends
        && definitions(previous.samples.rules()).equals(definitions(sampleRules));
    if (samplesUnchanged) {
      this.samples = previous.samples;
    } else {
      if (previous.samples != null) {
        previous.samples.countKeys(Discard.RULE_CHANGED);
      }
      this.samples = sampleRules.isEmpty() ? null
          : new SampleMatcher(sampleRules, settings, ticker, scheduler, stats, owns);
    }
    for (SequenceRule sequence : sequences) {
      boolean keep = kept.contains(sequence);
      Orphans ruleOrphans = keep ? previous.orphans.get(sequence) : new Orphans(sequence);
      orphans.put(sequence, ruleOrphans);
      states.put(sequence, keep ? previous.states.get(sequence) : newStates(ruleOrphans));
    }
    previous.states.forEach((sequence, dropped) -> {
      if (!kept.contains(sequence)) {
        sequence.discard(Discard.RULE_CHANGED, dropped.asMap().size());
        dropped.invalidateAll();
        previous.orphans.get(sequence).clear(Discard.RULE_CHANGED);
      }
    });
    this.byOwner = byOwner();
  }

  public List<CompiledRule> rules() {
    return rules;
  }

  private static List<RuleDefinition> definitions(List<CompiledRule> rules) {
    return rules.stream().map(CompiledRule::definition).toList();
  }

  public EngineStats stats() {
    return stats;
  }

  /**
   * Approximate number of keys with state: each rule's keys with a state in its cache, and each
   * orphan waiting for one ({@link Orphans}) as a key of its own.
   */
  public long estimatedKeys() {
    long keys = states.values().stream().mapToLong(Cache::estimatedSize).sum() + orphansWaiting();
    return keys + (samples == null ? 0 : samples.estimatedKeys());
  }

  /**
   * How far back the state of this engine reaches: the longest time a key's state lives without a
   * new event, over every sequence rule (maxspan plus the allowed lateness, or the idle timeout of
   * a sequence without maxspan); zero without sequences. A new owner of a stream rebuilds its state
   * by replaying that much of it.
   */
  public Duration stateHorizon() {
    long sequenceTtl = sequences.stream().mapToLong(SequenceRule::stateTtlNanos).max().orElse(0);
    return Duration.ofNanos(Math.max(sequenceTtl, samples == null ? 0 : samples.stateTtlNanos()));
  }

  /**
   * Drops every key's state, taking it off the per-rule counters it adds to, without deciding
   * pending chains; for an engine that is being let go of (the state of a revoked partition, whose
   * new owner rebuilds it by replay).
   */
  public void dropState() {
    states.values().forEach(Cache::invalidateAll);
    orphans.values().forEach(ruleOrphans -> ruleOrphans.clear(null));
    if (samples != null) {
      samples.dropState();
    }
  }

  /** Orphans waiting in the rules' logs. */
  long orphansWaiting() {
    return orphans.values().stream().mapToLong(Orphans::size).sum();
  }

  /** Runs pending expiry and eviction now; for tests that move a fake clock. */
  public void cleanUp() {
    states.values().forEach(Cache::cleanUp);
    sweepOrphans(ticker.read());
    if (samples != null) {
      samples.cleanUp();
    }
  }

  /**
   * Evaluates one batch and returns the detections it completes, in the order found. Events are
   * not retained beyond the call unless they take part in pending state or a detection; those are
   * copies, made once per event however many rules keep it (see {@link Event#detached}).
   */
  public List<Detection> process(List<Event> events) {
    int size = events.size();
    long firstArrival = arrivals.getAndAdd(size);
    int[] order = BatchOrder.of(events);
    List<Detection> detections = new ArrayList<>();
    Scratch scratch = new Scratch(targets, ticker.read());
    List<Runnable> maintenance = new ArrayList<>();
    IndexNames indexNames = anyRuleHasIndexPatterns ? new IndexNames() : null;
    DEFERRED.set(maintenance);
    try {
      for (int position : order) {
        Event event = events.get(position);
        long arrival = firstArrival + position;
        String index = indexNames != null ? indexNames.of(event) : null;
        dispatch(event, index, arrival, scratch, detections);
        for (int i = 0; i < scratch.samplesMatched; i++) {
          samples.match(scratch.sampleRules[i], scratch.sampleFilters[i], event, arrival, detections);
        }
      }
    } finally {
      // Tasks that run add theirs (a cleanup notifies removals through the executor): run to empty.
      for (int i = 0; i < maintenance.size(); i++) {
        maintenance.get(i).run();
      }
      DEFERRED.remove();
    }
    stats.evaluated(size, scratch.conditionsTested);
    stats.lookedUp(scratch.statesFound, scratch.statesCreated);
    targets.countStageMatches(scratch.stageMatches);
    targets.countConditionsTested(scratch.testedByOwner);
    targets.countRefused(scratch.refusedByOwner, stats);
    sweepOrphans(scratch.now);
    rebalance();
    return detections;
  }

  /** Lets go of the orphans whose time to live ended by {@code nowNanos}, rule by rule. */
  private void sweepOrphans(long nowNanos) {
    for (Orphans ruleOrphans : orphans.values()) {
      ruleOrphans.sweep(nowNanos);
    }
  }

  /**
   * Matches one event: the stage index selects the conditions that may hold, less those of rules
   * whose index patterns do not see the document; only those are evaluated, owner by owner in load
   * order. Event queries report at once; the sequences' candidates are fed once the number sharing
   * the document is known.
   */
  private void dispatch(Event event, String indexName, long arrival, Scratch scratch,
      List<Detection> detections) {
    Object[] values = event.values();
    scratch.dispatching(event);
    long[] selection = scratch.selection;
    List<Role> feeds = scratch.feeds;
    feeds.clear();
    targets.index.select(values, selection, scratch.memo);
    if (indexName != null) {
      long[] visible = targets.visible(indexName);
      for (int word = 0; word < selection.length; word++) {
        selection[word] &= visible[word];
      }
    }
    int target = StageIndex.next(selection, 0);
    while (target >= 0) {
      int owner = targets.owner[target];
      SequenceRule sequence = targets.ownerSequence[owner];
      // Matched plan stages as a bit set: 0 to 63 in a long, the rest in an array made only for
      // sequences longer than 64 stages (§12).
      long matched = 0;
      long[] wide = null;
      boolean until = false;
      do {
        scratch.conditionsTested++;
        scratch.testedByOwner[owner]++;
        if (targets.residual[target].test(values)) {
          int first = targets.stage[target];
          if (first < 0) {
            until = true;
          }
          // A stage "with runs=N" is one target for its N plan stages (one condition, tested once).
          for (int k = first; k >= 0 && k < first + targets.runs[target]; k++) {
            if (k < 64) {
              matched |= 1L << k;
            } else {
              wide = wide != null ? wide : new long[(sequence.plan().stages().size() - 1) >>> 6];
              wide[(k >>> 6) - 1] |= 1L << k;
            }
          }
        }
        target = StageIndex.next(selection, target + 1);
      } while (target >= 0 && targets.owner[target] == owner);
      if (matched == 0 && wide == null && !until) {
        continue;
      }
      countStageMatches(scratch.stageMatches, targets.firstCounter[owner], matched, wide);
      int sample = targets.ownerSample[owner];
      if (sample >= 0) {
        // Fed after the event's sequences, as the sample matcher always was (§ samples in rules).
        scratch.sampled(sample, matched);
      } else if (sequence == null) {
        detectEventQuery(targets.ownerRule[owner], targets.ownerStats[owner], scratch.copied(), detections);
      } else {
        collectFeeds(owner, sequence, values, matched, wide, until, scratch);
      }
    }
    if (feeds.isEmpty()) {
      return;
    }
    int size = feeds.size();
    int chainable = 0;
    for (int i = 0; i < size; i++) {
      chainable += feeds.get(i).chainable() ? 1 : 0;
    }
    // Candidates carry the event with its document still in the request's buffer, copied for all
    // of them once one is kept (Scratch.copied). Weighed as kept: the weight is the copy's.
    Event carried = chainable > 0 ? scratch.carried() : null;
    int share = chainable > 0 ? Candidate.documentWeight(carried) / chainable : 0;
    for (int i = 0; i < size; i++) {
      Role role = feeds.get(i);
      Candidate candidate = role.chainable() ? role.candidate(role.rule, carried, arrival, share) : null;
      feed(role, candidate, event.timestamp(), scratch, detections);
    }
  }

  /**
   * Divides the bound fairly among the rules ({@link FairShare}) after each batch: when their
   * states and {@link Orphans} together weigh more than the bound, each rule above the fair level is
   * capped at it: its own cache evicts down to the level, by its own policy, and its orphans get
   * what its states leave, the oldest let go to make room ({@link Orphans#capAt}); every other rule
   * is uncapped.
   * Once the total is back under seven eighths of the bound, every cap is lifted. Between two calls
   * the total can pass the bound by what the uncapped rules add in one batch; no single rule holds
   * more than the bound for longer. One thread rebalances at a time; a batch that finds another at
   * it skips.
   */
  private void rebalance() {
    if (states.isEmpty() || !rebalancing.compareAndSet(false, true)) {
      return;
    }
    try {
      int count = states.size();
      List<Policy.Eviction<CorrelationKey, KeyState>> evictions = new ArrayList<>(count);
      List<Orphans> ruleOrphans = new ArrayList<>(count);
      long[] cached = new long[count];
      long[] weights = new long[count];
      long total = 0;
      for (Map.Entry<SequenceRule, Cache<CorrelationKey, KeyState>> rule : states.entrySet()) {
        Policy.Eviction<CorrelationKey, KeyState> eviction = rule.getValue().policy().eviction().orElseThrow();
        Orphans kept = orphans.get(rule.getKey());
        int i = evictions.size();
        cached[i] = eviction.weightedSize().orElse(0);
        weights[i] = cached[i] + kept.weight();
        total += weights[i];
        evictions.add(eviction);
        ruleOrphans.add(kept);
      }
      long bound = settings.maximumWeightBytes();
      if (total > bound) {
        long level = FairShare.level(weights.clone(), bound);
        for (int i = 0; i < count; i++) {
          boolean capped = weights[i] > level;
          // A capped rule's states come first: they hold chains that started, where an orphan
          // waits for an earlier stage that almost never comes. The orphans get what the states
          // leave of the level, the oldest let go past it.
          long cap = capped ? Math.max(1, level) : bound;
          if (evictions.get(i).getMaximum() != cap) {
            evictions.get(i).setMaximum(cap);
          }
          if (capped) {
            ruleOrphans.get(i).capAt(Math.max(0, level - cached[i]));
          } else {
            ruleOrphans.get(i).limit(bound - cached[i]);
          }
        }
      } else if (total < bound - (bound >>> 3)) {
        for (int i = 0; i < count; i++) {
          if (evictions.get(i).getMaximum() < bound) {
            evictions.get(i).setMaximum(bound);
          }
          ruleOrphans.get(i).limit(bound - cached[i]);
        }
      }
    } finally {
      rebalancing.set(false);
    }
  }

  private void detectEventQuery(CompiledRule rule, RuleStats ruleStats, Event kept, List<Detection> detections) {
    String id = EventIdentity.alertId(rule.id(), List.of(EventIdentity.of(kept)), kept.timestamp());
    detections.add(new Detection(rule, id, List.of(), List.of(kept), List.of()));
    stats.detected(ruleStats, false);
  }

  /**
   * The index names of one batch's events ({@link Event#indexName}), those of its last eight data
   * streams remembered: the reader gives a batch's equal short values one string, so an event of a
   * stream seen lately finds its name by the identity of its three {@code data_stream} values, and
   * gets the same string as the stream's other events, which later memos of the batch compare by
   * identity.
   * Made per event, the name was a concatenation and a fresh string whose hash every lookup by
   * index computed again, about a thirtieth of matching with Elastic's rule set; remembering only
   * the last stream missed at most events of a batch that interleaves a host's process, network and
   * file events (docs/benchmarks.md).
   */
  private static final class IndexNames {
    private static final int STREAMS = 8;
    /** The streams seen, filled in turn; null where none is yet. */
    private final Stream[] streams = new Stream[STREAMS];
    private int next;

    /** A data stream's values and its name, null when they do not name an index. */
    private record Stream(Object type, Object dataset, Object namespace, String name) {
    }

    String of(Event event) {
      if (event.target() != null) {
        return event.target();
      }
      Object[] values = event.values();
      if (values.length <= FieldSchema.DATA_STREAM_NAMESPACE) {
        return null;
      }
      Object type = values[FieldSchema.DATA_STREAM_TYPE];
      Object dataset = values[FieldSchema.DATA_STREAM_DATASET];
      Object namespace = values[FieldSchema.DATA_STREAM_NAMESPACE];
      for (Stream stream : streams) {
        if (stream != null && stream.type == type && stream.dataset == dataset && stream.namespace == namespace) {
          return stream.name;
        }
      }
      Stream stream = new Stream(type, dataset, namespace, event.indexName());
      streams[next] = stream;
      next = (next + 1) % STREAMS;
      return stream.name;
    }
  }

  /**
   * What one call of {@link #process} reuses from event to event, and the counts it adds to the
   * shared counters once at its end: a thousand events each bumping the counters of a few rules
   * touched as many cold, contended cache lines, a twentieth of the request threads' time with
   * Elastic's whole rule set (docs/benchmarks.md, run "all1").
   */
  private static final class Scratch {
    final long[] selection;
    /** The index's lookups of the batch's short values, which its events repeat. */
    final StageIndex.Memo memo;
    /**
     * The ticker's time when the call began: the batch's wall-clock time for {@link Orphans}, read
     * once since a batch lasts milliseconds and orphans live the allowed lateness.
     */
    final long now;
    /** The roles of the event being dispatched, each to be fed to its rule. */
    final List<Role> feeds = new ArrayList<>();
    /** Events that matched each stage counter of {@link Targets#firstCounter}. */
    final int[] stageMatches;
    /** Conditions the stage index let through, by owner ({@link Targets#ownerStats}). */
    final int[] testedByOwner;
    /**
     * Orphans the capped rules turned away, by owner, counted here rather than as they come: with
     * Elastic's whole rule set at its bound refusals are constant, and each bumped two shared
     * counters.
     */
    final int[] refusedByOwner;
    /**
     * The sample rules the dispatched event matched a filter of ({@link Targets#ownerSample}), and
     * which filters, as bits: the first {@link #samplesMatched} entries.
     */
    final int[] sampleRules;
    final long[] sampleFilters;
    int samplesMatched;
    long conditionsTested;
    int statesFound;
    int statesCreated;
    private Event dispatched;
    private Event carried;
    private Event copied;

    Scratch(Targets targets, long now) {
      this.selection = targets.index.newSelection();
      this.memo = targets.index.newMemo();
      this.stageMatches = new int[targets.counterStage.length];
      this.testedByOwner = new int[targets.ownerStats.length];
      this.refusedByOwner = new int[targets.ownerStats.length];
      this.sampleRules = new int[targets.sampleOwners];
      this.sampleFilters = new long[targets.sampleOwners];
      this.now = now;
    }

    void dispatching(Event event) {
      dispatched = event;
      carried = null;
      copied = null;
      samplesMatched = 0;
    }

    void sampled(int sampleRule, long filters) {
      sampleRules[samplesMatched] = sampleRule;
      sampleFilters[samplesMatched++] = filters;
    }

    /** The event being dispatched as candidates carry it ({@link Event#withKeptValues}), made once. */
    Event carried() {
      if (carried == null) {
        carried = dispatched.withKeptValues();
      }
      return carried;
    }

    /**
     * The event being dispatched as it is kept past the batch, its document copied: made the first
     * time a rule keeps anything of it, shared by all that do.
     */
    Event copied() {
      if (copied == null) {
        copied = carried().withDocumentCopied();
      }
      return copied;
    }

    void lookedUp(boolean found) {
      if (found) {
        statesFound++;
      } else {
        statesCreated++;
      }
    }

    /** Counts an orphan of {@code owner} appended as a new entry, or refused. */
    void lookedUp(Orphans.Holding had, int owner) {
      if (had == Orphans.Holding.KEPT) {
        lookedUp(false);
      } else if (had == Orphans.Holding.REFUSED) {
        refused(owner);
      }
    }

    /** Counts an orphan of {@code owner} that its capped rule turned away. */
    void refused(int owner) {
      refusedByOwner[owner]++;
    }
  }

  /**
   * Counts the plan stages one event matched for one owner ({@code matched}, then {@code wide}), its
   * counters starting at {@code first}: the same for an event query, a sequence and a sample.
   */
  private static void countStageMatches(int[] stageMatches, int first, long matched, long[] wide) {
    for (long bits = matched; bits != 0; bits &= bits - 1) {
      stageMatches[first + Long.numberOfTrailingZeros(bits)]++;
    }
    for (int word = 0; wide != null && word < wide.length; word++) {
      for (long bits = wide[word]; bits != 0; bits &= bits - 1) {
        stageMatches[first + 64 * (word + 1) + Long.numberOfTrailingZeros(bits)]++;
      }
    }
  }

  /**
   * The keys the event is a candidate for in {@code rule}, given the plan stages it matched and
   * whether it matched until, added to the scratch's feeds as roles. Stages may join on different
   * fields (per-stage "by"), and a multi-valued key field gives one key per value (the cartesian
   * product over the key fields, §3.5; an optional key the event lacks joins as null, §3.6), so one
   * event can belong to several keys: the matched roles are grouped by key. An event that matches
   * only until is fed too: it makes state, so that a chain whose events arrive after it is cut
   * (§10.2).
   */
  private void collectFeeds(int owner, SequenceRule rule, Object[] values, long matched, long[] wide,
      boolean until, Scratch scratch) {
    List<Role> feeds = scratch.feeds;
    int from = feeds.size();
    SequencePlan plan = rule.plan();
    List<Stage> stages = plan.stages();
    int count = stages.size();
    boolean keyMissing = false;
    for (int k = 0; k < count; k++) {
      if (Candidate.has(matched, wide, k)) {
        keyMissing |= !addRoles(stages.get(k), values, feeds, from, owner, rule, k);
      }
    }
    if (until) {
      keyMissing |= !addRoles(plan.until(), values, feeds, from, owner, rule, -1);
    }
    if (keyMissing) {
      rule.discard(Discard.MISSING_JOIN_KEY, 1);
    }
    if (owns != null) {
      // Another partition's engine owns the keys this one does not.
      feeds.subList(from, feeds.size()).removeIf(role -> !owns.test(Partitioning.key(role.key)));
    }
  }

  /**
   * Adds plan stage {@code k} of {@code rule} (until for -1) to the roles of each of the event's
   * join keys in {@code stage}, from index {@code from} of {@code roles}; false when a mandatory key
   * is missing.
   */
  private static boolean addRoles(Stage stage, Object[] values, List<Role> roles, int from, int owner,
      SequenceRule rule, int k) {
    Object[] single = JoinKeys.single(stage, values);
    if (single == JoinKeys.MISSING) {
      return false;
    }
    List<Object[]> keys = single != null ? null : JoinKeys.of(stage, values);
    int stageCount = rule.plan().stages().size();
    for (int i = 0, n = keys == null ? 1 : keys.size(); i < n; i++) {
      Role role = Role.of(roles, from, owner, rule, keys == null ? single : keys.get(i), stageCount);
      if (k < 0) {
        role.until = true;
      } else {
        role.add(k);
      }
    }
    return keys == null || !keys.isEmpty();
  }

  /**
   * Feeds one role of the event to its key's state, made if absent: the candidate, or, for a role
   * of missing stages only ({@code candidate} null), the event's time.
   */
  private void feed(Role role, Candidate candidate, long timestamp, Scratch scratch, List<Detection> detections) {
    long now = scratch.now;
    SequenceRule rule = role.rule;
    RuleState ruleState = byOwner[role.owner];
    Orphans ruleOrphans = ruleState.orphans();
    CorrelationKey key = new CorrelationKey(rule, role.key);
    boolean orphan = ruleOrphans.takes(role, candidate);
    if (!offered(ruleOrphans, key, orphan, candidate, role.owner, scratch)) {
      return;
    }
    if (orphan) {
      // Most such candidates are orphans, and their bucket tells, without a look into the rule's cache.
      Orphans.Holding had = ruleOrphans.keep(key, role, candidate, timestamp, now);
      if (had != Orphans.Holding.STATE) {
        scratch.lookedUp(had, role.owner);
        return;
      }
    }
    // Compute even for an event that only ends or vetoes sequences: it must be remembered for the
    // allowed lateness, or a chain whose events arrive after it would not be cut (§10.2). An orphan
    // whose key's state has just left the cache is kept aside, and the compute leaves it absent.
    List<Found> found = new ArrayList<>(0);
    ruleState.states().asMap().compute(key, (k, state) -> {
      if (state == null && orphan) {
        scratch.lookedUp(ruleOrphans.keepWithoutState(k, role, candidate, timestamp, now), role.owner);
        return null;
      }
      return accept(rule, ruleOrphans, k, state, role, candidate, timestamp, scratch, found);
    });
    for (Found each : found) {
      detections.add(detection(rule, role.key, each));
      stats.detected(rule.stats(), !each.revises().isEmpty());
    }
  }

  /**
   * Readies {@code candidate} to be offered to its key's state or orphans: false, and nothing kept,
   * looked up or copied, when the capped rule turns an orphan away without a look ({@link
   * Orphans#refuses}); else the candidate gets the event's copied document ({@link Candidate#keep}).
   */
  private static boolean offered(Orphans ruleOrphans, CorrelationKey key, boolean orphan, Candidate candidate,
      int owner, Scratch scratch) {
    if (orphan && ruleOrphans.refuses(key, candidate)) {
      scratch.refused(owner);
      return false;
    }
    if (candidate != null) {
      candidate.keep(scratch.copied());
    }
    return true;
  }

  /**
   * Runs inside the key's atomic compute; keeps the rule's key and byte counters in step. A new
   * state of a rule that keeps orphans raises its bucket first, and takes the key's orphans, in
   * time order, as it would have if it had held them all along.
   */
  private KeyState accept(SequenceRule rule, Orphans ruleOrphans, CorrelationKey key, KeyState state,
      Role role, Candidate candidate, long timestamp, Scratch scratch, List<Found> found) {
    KeyState current = state != null ? state : new KeyState(rule);
    List<Candidate> orphaned = state == null && rule.keepsOrphans()
        ? ruleOrphans.mark(key, current, scratch.now) : null;
    scratch.lookedUp(state != null || orphaned != null);
    if (orphaned != null) {
      for (Candidate earlier : orphaned) {
        current.accept(rule, earlier, found);
      }
    }
    int before = state != null ? state.weight() : 0;
    role.recordAbsences(rule, current, timestamp);
    if (candidate != null) {
      current.accept(rule, candidate, found);
    } else {
      current.advance(rule, timestamp, found);
    }
    if (state == null) {
      rule.stats().stateAdded(current.weight());
    } else {
      rule.stats().stateReweighed(current.weight() - before);
    }
    return current;
  }

  /**
   * The end of input: decides every chain that waits for its missing-event check (§11) as if no
   * more events could come, and returns the detections that pass. For a finite set of events, such
   * as an EQL search; the live engine confirms them as event time passes or when a key's state
   * expires (see {@link #onExpiry}).
   */
  public List<Detection> closeWindows() {
    List<Detection> detections = new ArrayList<>();
    if (sequences.stream().noneMatch(SequenceRule::confirmsLater)) {
      return detections;
    }
    for (SequenceRule sequence : sequences) {
      if (sequence.confirmsLater()) {
        closeWindows(states.get(sequence), detections);
      }
    }
    return detections;
  }

  private void closeWindows(Cache<CorrelationKey, KeyState> ruleStates, List<Detection> detections) {
    for (CorrelationKey key : List.copyOf(ruleStates.asMap().keySet())) {
      List<Found> found = new ArrayList<>(0);
      ruleStates.asMap().computeIfPresent(key, (k, state) -> {
        int before = state.weight();
        state.closeAll(k.rule, found);
        k.rule.stats().stateReweighed(state.weight() - before);
        return state;
      });
      for (Found each : found) {
        detections.add(detection(key.rule, key.values, each));
        stats.detected(key.rule.stats(), false);
      }
    }
  }

  /**
   * Registers where detections go that no request returns: chains with missing stages confirmed
   * when their key's state expires on the wall clock (§11). The listener is called on whichever
   * thread runs the cache's maintenance (a thread inside {@link #process}, or Caffeine's scheduler),
   * after the state has left the cache and outside any lock; it should return promptly. Siblings
   * made afterwards share it. Without a listener, such detections are counted and dropped.
   */
  public void onExpiry(DetectionListener listener) {
    this.expiryListener = listener;
  }

  /** Confirms what an expired key's state still holds pending and hands it to the listener. */
  private void expired(CorrelationKey key, KeyState state) {
    if (!state.hasPending()) {
      return;
    }
    List<Found> found = new ArrayList<>(0);
    state.closeAll(key.rule, found);
    List<Detection> detections = new ArrayList<>(found.size());
    for (Found each : found) {
      detections.add(detection(key.rule, key.values, each));
      stats.detected(key.rule.stats(), false);
    }
    DetectionListener listener = expiryListener;
    if (!detections.isEmpty() && listener != null) {
      listener.detected(detections);
    }
  }

  private static Detection detection(SequenceRule rule, Object[] key, Found found) {
    List<Object> joinKeys = Arrays.asList(key.clone());
    List<Event> chain = new ArrayList<>(found.chain().length);
    for (Candidate candidate : found.chain()) {
      chain.add(candidate.event);
    }
    return new Detection(rule.rule(), found.alertId(), joinKeys, chain, found.revises());
  }

  /**
   * The stage index's targets and what each stands for: event queries first, then each sequence's
   * stages (a stage {@code with runs=N} once, for its N plan stages; missing stages included, since
   * their events veto chains) and until, then each sample's filters, in load order, which is the
   * order detections were always reported in. For target t: {@code owner[t]} indexes the owners (an
   * event query's CompiledRule, a SequenceRule, or a sample rule), {@code stage[t]} is the first plan
   * stage (0 for an event query, -1 for until, the filter for a sample), {@code runs[t]} how many
   * plan stages it stands for, {@code residual[t]} what of its condition is left to test once the stage
   * index selected it ({@link StageIndex#residual}). Built once per rule set (each
   * engine of a reload has its own).
   */
  private static final class Targets {
    private static final int REMEMBERED_INDICES = 1024;

    final StageIndex index;
    final int[] owner;
    final int[] stage;
    final int[] runs;
    final EventPredicate[] residual;
    final CompiledRule[] ownerRule;
    final SequenceRule[] ownerSequence;
    /** For a sample rule, its place among the sample matcher's rules; -1 for any other owner. */
    final int[] ownerSample;
    /** How many owners are sample rules. */
    final int sampleOwners;
    /**
     * Each owner's counters, found once here rather than by rule id for every event that matches
     * (a sequence's are its {@link SequenceRule#stats()}).
     */
    final RuleStats[] ownerStats;
    /**
     * Each owner's first stage counter: an event query has one, a sequence one per plan stage, in
     * the order of its stages. {@code counterStats[c]} and {@code counterStage[c]} say which rule's
     * which stage counter {@code c} counts.
     */
    final int[] firstCounter;
    final RuleStats[] counterStats;
    final int[] counterStage;
    /**
     * For each index name seen, the targets whose rule sees documents of that index, as a selection
     * to intersect with the stage index's. Bounded like {@code IndexPatterns}' own memory: past the
     * bound, the mask of a new name is computed for each event.
     */
    private final Map<String, long[]> visibleByIndex = new ConcurrentHashMap<>();

    Targets(List<CompiledRule> eventQueries, List<SequenceRule> sequences, List<CompiledRule> samples,
        FieldSchema schema, EngineStats stats) {
      List<EventQuery> queries = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      List<Integer> stages = new ArrayList<>();
      List<Integer> runCounts = new ArrayList<>();
      List<EventPredicate> predicates = new ArrayList<>();
      ownerRule = new CompiledRule[eventQueries.size() + sequences.size() + samples.size()];
      ownerSequence = new SequenceRule[ownerRule.length];
      ownerSample = new int[ownerRule.length];
      Arrays.fill(ownerSample, -1);
      sampleOwners = samples.size();
      ownerStats = new RuleStats[ownerRule.length];
      firstCounter = new int[ownerRule.length];
      List<RuleStats> countedRules = new ArrayList<>();
      List<Integer> countedStages = new ArrayList<>();
      int next = 0;
      for (CompiledRule rule : eventQueries) {
        ownerRule[next] = rule;
        ownerStats[next] = stats.rule(rule.id());
        firstCounter[next] = countedRules.size();
        countedRules.add(ownerStats[next]);
        countedStages.add(0);
        queries.add((EventQuery) rule.query());
        owners.add(next++);
        stages.add(0);
        runCounts.add(1);
        predicates.add(((EventPlan) rule.plan()).predicate());
      }
      for (SequenceRule sequence : sequences) {
        ownerRule[next] = sequence.rule();
        ownerSequence[next] = sequence;
        ownerStats[next] = sequence.stats();
        firstCounter[next] = countedRules.size();
        for (int k = 0; k < sequence.plan().stages().size(); k++) {
          countedRules.add(sequence.stats());
          countedStages.add(k);
        }
        Query.Sequence query = (Query.Sequence) sequence.rule().query();
        List<Stage> planned = sequence.plan().stages();
        int k = 0;
        for (Query.Stage written : query.stages()) {
          queries.add(written.query());
          owners.add(next);
          stages.add(k);
          runCounts.add(written.runs());
          predicates.add(planned.get(k).predicate());
          k += written.runs();
        }
        if (k != planned.size()) {
          throw new IllegalStateException("plan of " + sequence.rule().id() + " has " + planned.size()
              + " stages, its query " + k);
        }
        if (sequence.plan().until() != null) {
          queries.add(query.until().query());
          owners.add(next);
          stages.add(-1);
          runCounts.add(0);
          predicates.add(sequence.plan().until().predicate());
        }
        next++;
      }
      for (int r = 0; r < samples.size(); r++) {
        CompiledRule rule = samples.get(r);
        ownerRule[next] = rule;
        ownerSample[next] = r;
        ownerStats[next] = stats.rule(rule.id());
        firstCounter[next] = countedRules.size();
        List<Query.SampleFilter> written = ((Query.Sample) rule.query()).filters();
        List<SampleFilter> planned = ((SamplePlan) rule.plan()).filters();
        for (int f = 0; f < planned.size(); f++) {
          countedRules.add(ownerStats[next]);
          countedStages.add(f);
          queries.add(written.get(f).query());
          owners.add(next);
          stages.add(f);
          runCounts.add(1);
          predicates.add(planned.get(f).predicate());
        }
        next++;
      }
      this.index = StageIndex.build(queries, predicates, schema);
      this.owner = owners.stream().mapToInt(Integer::intValue).toArray();
      this.stage = stages.stream().mapToInt(Integer::intValue).toArray();
      this.runs = runCounts.stream().mapToInt(Integer::intValue).toArray();
      this.residual = new EventPredicate[predicates.size()];
      for (int target = 0; target < residual.length; target++) {
        residual[target] = index.residual(target);
      }
      this.counterStats = countedRules.toArray(RuleStats[]::new);
      this.counterStage = countedStages.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Adds one call's conditions tested, counted by owner, to the rules' counters. */
    void countConditionsTested(int[] testedByOwner) {
      for (int owner = 0; owner < testedByOwner.length; owner++) {
        if (testedByOwner[owner] != 0) {
          ownerStats[owner].tested(testedByOwner[owner]);
        }
      }
    }

    /** Adds one call's refused orphans, counted by owner, to the rules' and the engine's discards. */
    void countRefused(int[] refusedByOwner, EngineStats stats) {
      for (int owner = 0; owner < refusedByOwner.length; owner++) {
        if (refusedByOwner[owner] != 0) {
          stats.discard(ownerStats[owner], Discard.EVICTED_BY_SIZE, refusedByOwner[owner]);
        }
      }
    }

    /** Adds one call's stage matches, counted by stage counter, to the rules' counters. */
    void countStageMatches(int[] stageMatches) {
      for (int counter = 0; counter < stageMatches.length; counter++) {
        if (stageMatches[counter] != 0) {
          counterStats[counter].matched(counterStage[counter], stageMatches[counter]);
        }
      }
    }

    /** The targets whose rule sees documents of {@code indexName}. */
    long[] visible(String indexName) {
      long[] known = visibleByIndex.get(indexName);
      if (known != null) {
        return known;
      }
      long[] visible = index.newSelection();
      for (int target = 0; target < owner.length; target++) {
        if (ownerRule[owner[target]].indices().matches(indexName)) {
          visible[target >>> 6] |= 1L << target;
        }
      }
      if (visibleByIndex.size() < REMEMBERED_INDICES) {
        visibleByIndex.put(indexName, visible);
      }
      return visible;
    }
  }

  /**
   * Expire a key's state after its rule's idle time, measured from its last event (§10.3); a state
   * that waits for nothing beyond the allowed lateness ({@link KeyState#waitsBeyondLateness()})
   * after the allowed lateness. A state with chains pending their missing-event check always gets
   * the full time: they are decided when it expires (§11).
   */
  private static final class IdleExpiry implements Expiry<CorrelationKey, KeyState> {
    @Override
    public long expireAfterCreate(CorrelationKey key, KeyState state, long now) {
      return ttl(key, state);
    }

    @Override
    public long expireAfterUpdate(CorrelationKey key, KeyState state, long now, long remaining) {
      return ttl(key, state);
    }

    private static long ttl(CorrelationKey key, KeyState state) {
      return state.waitsBeyondLateness() ? key.rule.stateTtlNanos() : key.rule.partialLessTtlNanos();
    }

    @Override
    public long expireAfterRead(CorrelationKey key, KeyState state, long now, long remaining) {
      return remaining;
    }
  }
}
