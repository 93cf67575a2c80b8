package dev.seqwatch.sequence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventIdentity;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.eql.Query;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.plan.EventPredicate;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import dev.seqwatch.plan.StageIndex;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every loaded rule over batches of events and reports the detections they complete. The
 * engine's single entry point; thread-safe.
 *
 * <p>A rule sees a document only if the document's index (see {@link Event#indexName()}) matches
 * the rule's index patterns, or is unknown, as Elasticsearch runs a rule only over its indices.
 *
 * <p>Which rules look at an event is decided once per event by a {@link StageIndex} over the
 * stages and until conditions of every rule: only the conditions it selects are evaluated, and only
 * for rules whose index patterns see the document. The index never leaves out a condition that holds,
 * so the detections are those of evaluating every condition of every rule.
 *
 * <p>Contract: within one call, events are taken in the order of semantics §10.1 ({@code
 * @timestamp}, {@code event.sequence}, arrival), so a batch gives the same detections however its
 * events are arranged. Across calls, events that arrive in time order give exactly the detections
 * of one sorted pass, however they are split into batches; events out of order by no more than the
 * allowed lateness give every detection of that pass exactly once, plus revisions (§10.2).
 *
 * <p>Per-key state lives in a Caffeine cache keyed by rule and join-key values. All work on one
 * key happens inside {@code asMap().compute}, which Caffeine applies atomically per key, so
 * concurrent batches for the same host serialise there and different keys never contend. The
 * remapping function only touches that key's state: no I/O, no other entry. Entries expire
 * after maxspan plus the allowed lateness of wall-clock time without a new event (§10.3), and the
 * cache has a maximum weight in approximate bytes; both kinds of removal are counted. Cache size
 * and eviction counts are, as Caffeine says, approximate.
 *
 * <p>Weighing. A document kept by several rules (or several keys of one rule) is copied out of the
 * request buffer once and shared. Its weight ({@link Candidate#documentWeight}) is divided among the
 * candidates made from it in the same call, each carrying its share plus its own overhead, so that
 * while they all keep it the bound counts it exactly once. The alternatives were worse: charging
 * every holder the whole document is what made 760 rules evict each other at a fraction of the
 * memory actually used; charging it to one holder undercounts it entirely once that holder lets go.
 * With an even split, the document is undercounted only by the shares of holders that have let go
 * while others still keep it, never more than the share each one carried. A key's state weighs
 * everything it keeps ({@link KeyState#weight()}). A state without a pending partial only waits
 * for an earlier stage that may still arrive out of order, so it lives the allowed lateness without
 * new events rather than maxspan plus lateness.
 */
public final class DetectionEngine {

  private static final Comparator<Event> BY_TIME =
      Comparator.comparingLong(Event::timestamp).thenComparingLong(Event::sequence);

  private final List<CompiledRule> rules;
  private final List<SequenceRule> sequences = new ArrayList<>();
  private final List<CompiledRule> eventQueries = new ArrayList<>();
  /*
   * The targets of the stage index, event queries first, then each sequence's stages and until,
   * in load order, which is the order detections were always reported in. For target t:
   * targetOwner[t] indexes owners (an event query's CompiledRule or a SequenceRule), targetStage[t]
   * is the stage (0 for an event query, -1 for until), targetPredicate[t] its condition.
   */
  private final StageIndex index;
  private final int[] targetOwner;
  private final int[] targetStage;
  private final EventPredicate[] targetPredicate;
  private final CompiledRule[] ownerRule;
  private final SequenceRule[] ownerSequence;
  /**
   * For each index name seen, the targets whose rule sees documents of that index, as a selection
   * to intersect with the stage index's. Bounded like {@code IndexPatterns}' own memory: past the
   * bound, the mask of a new name is computed for each event.
   */
  private final Map<String, long[]> visibleByIndex = new ConcurrentHashMap<>();
  private final Cache<CorrelationKey, KeyState> states;
  private final EngineStats stats;
  private final AtomicLong arrivals = new AtomicLong();
  private final boolean anyRuleHasIndexPatterns;
  private final RuleSet ruleSet;
  private final Ticker ticker;
  private final Scheduler scheduler;

  public DetectionEngine(RuleSet ruleSet, CorrelationSettings settings, Ticker ticker, Scheduler scheduler) {
    this(ruleSet, settings, ticker, scheduler, new EngineStats(ruleSet.rules()));
  }

  private DetectionEngine(RuleSet ruleSet, CorrelationSettings settings, Ticker ticker, Scheduler scheduler,
      EngineStats stats) {
    this.ruleSet = ruleSet;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.rules = ruleSet.rules();
    this.stats = stats;
    this.anyRuleHasIndexPatterns = rules.stream().anyMatch(rule -> !rule.definition().index().isEmpty());
    for (CompiledRule rule : rules) {
      if (rule.plan() instanceof SequencePlan plan) {
        sequences.add(new SequenceRule(rule, plan, settings, stats));
      } else {
        eventQueries.add(rule);
      }
    }
    List<EventQuery> targets = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<Integer> stagesOf = new ArrayList<>();
    List<EventPredicate> predicates = new ArrayList<>();
    ownerRule = new CompiledRule[eventQueries.size() + sequences.size()];
    ownerSequence = new SequenceRule[ownerRule.length];
    int owner = 0;
    for (CompiledRule rule : eventQueries) {
      ownerRule[owner] = rule;
      targets.add((EventQuery) rule.query());
      owners.add(owner++);
      stagesOf.add(0);
      predicates.add(((EventPlan) rule.plan()).predicate());
    }
    for (SequenceRule sequence : sequences) {
      ownerRule[owner] = sequence.rule();
      ownerSequence[owner] = sequence;
      Query.Sequence query = (Query.Sequence) sequence.rule().query();
      List<Stage> stages = sequence.plan().stages();
      for (int k = 0; k < stages.size(); k++) {
        targets.add(query.stages().get(k).query());
        owners.add(owner);
        stagesOf.add(k);
        predicates.add(stages.get(k).predicate());
      }
      if (sequence.plan().until() != null) {
        targets.add(query.until().query());
        owners.add(owner);
        stagesOf.add(-1);
        predicates.add(sequence.plan().until().predicate());
      }
      owner++;
    }
    this.index = StageIndex.build(targets, ruleSet.schema());

    this.targetOwner = owners.stream().mapToInt(Integer::intValue).toArray();
    this.targetStage = stagesOf.stream().mapToInt(Integer::intValue).toArray();
    this.targetPredicate = predicates.toArray(EventPredicate[]::new);
    this.states = Caffeine.newBuilder()
        // Maintenance (eviction, expiry) runs on the writing thread: a hand-off to the common pool
        // on every write costs a thread wake-up per candidate event, more than the work itself.
        .executor(Runnable::run)
        .ticker(ticker)
        .scheduler(scheduler)
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((CorrelationKey key, KeyState state) -> state.weight())
        .expireAfter(new IdleExpiry())
        .recordStats()
        .removalListener((CorrelationKey key, KeyState state, RemovalCause cause) -> {
          if (cause == RemovalCause.REPLACED || key == null || state == null) {
            return;
          }
          key.rule.stats().stateRemoved(state.weight());
          if (cause == RemovalCause.EXPIRED) {
            key.rule.discard(Discard.EXPIRED, 1);
          } else if (cause == RemovalCause.SIZE) {
            key.rule.discard(Discard.EVICTED_BY_SIZE, 1);
          }
        })
        .build();
  }

  /** An engine on the system clock, with prompt expiry from Caffeine's system scheduler. */
  public DetectionEngine(RuleSet ruleSet, CorrelationSettings settings) {
    this(ruleSet, settings, Ticker.systemTicker(), Scheduler.systemScheduler());
  }

  /**
   * A new engine with the same rules and clock and state of its own under {@code settings}, whose
   * counters add to this engine's {@link #stats()}: one per partition of a stream, so that each
   * partition's state can be rebuilt or dropped alone while the metrics still count them all.
   */
  public DetectionEngine sibling(CorrelationSettings settings) {
    return new DetectionEngine(ruleSet, settings, ticker, scheduler, stats);
  }

  public List<CompiledRule> rules() {
    return rules;
  }

  public EngineStats stats() {
    return stats;
  }

  /** Caffeine's hit, miss and eviction counts for the correlation state. */
  public CacheStats cacheStats() {
    return states.stats();
  }

  /** Approximate number of keys with state. */
  public long estimatedKeys() {
    return states.estimatedSize();
  }

  /**
   * How far back the state of this engine reaches: the longest time a key's state lives without a
   * new event, over every sequence rule (maxspan plus the allowed lateness, or the idle timeout of
   * a sequence without maxspan); zero without sequences. A new owner of a stream rebuilds its state
   * by replaying that much of it.
   */
  public Duration stateHorizon() {
    return Duration.ofNanos(sequences.stream().mapToLong(SequenceRule::stateTtlNanos).max().orElse(0));
  }

  /**
   * Drops every key's state, taking it off the per-rule counters it adds to; for an engine that is
   * being let go of (the state of a revoked partition).
   */
  public void dropState() {
    states.invalidateAll();
  }

  /** Runs pending expiry and eviction now; for tests that move a fake clock. */
  public void cleanUp() {
    states.cleanUp();
  }

  /**
   * Evaluates one batch and returns the detections it completes, in the order found. Events are
   * not retained beyond the call unless they take part in pending state or a detection; those are
   * copies, made once per event however many rules keep it (see {@link #detach}).
   */
  public List<Detection> process(List<Event> events) {
    int size = events.size();
    long firstArrival = arrivals.getAndAdd(size);
    int[] order = timeOrder(events);
    List<Detection> detections = new ArrayList<>();
    Scratch scratch = new Scratch(index.newSelection());
    for (int position : order) {
      Event event = events.get(position);
      dispatch(event, firstArrival + position, scratch, detections);
    }
    stats.evaluated(size);
    return detections;
  }

  /**
   * Matches one event: the stage index selects the conditions that may hold, less those of rules
   * whose index patterns do not see the document; only those are evaluated, owner by owner in load
   * order. Event queries report at once; the sequences' candidates are fed once the number sharing
   * the document is known.
   */
  private void dispatch(Event event, long arrival, Scratch scratch, List<Detection> detections) {
    Object[] values = event.values();
    String indexName = anyRuleHasIndexPatterns ? event.indexName() : null;
    Event kept = null;
    long[] selection = scratch.selection;
    List<Feed> feeds = scratch.feeds;
    feeds.clear();
    index.select(values, selection);
    if (indexName != null) {
      long[] visible = visibleTargets(indexName);
      for (int word = 0; word < selection.length; word++) {
        selection[word] &= visible[word];
      }
    }
    int target = StageIndex.next(selection, 0);
    while (target >= 0) {
      int owner = targetOwner[target];
      int matched = 0;
      boolean until = false;
      do {
        if (targetPredicate[target].test(values)) {
          if (targetStage[target] < 0) {
            until = true;
          } else {
            matched |= 1 << targetStage[target];
          }
        }
        target = StageIndex.next(selection, target + 1);
      } while (target >= 0 && targetOwner[target] == owner);
      if (matched == 0 && !until) {
        continue;
      }
      SequenceRule sequence = ownerSequence[owner];
      if (sequence == null) {
        kept = kept == null ? detach(event) : kept;
        detectEventQuery(ownerRule[owner], kept, detections);
      } else {
        collectFeeds(sequence, values, matched, until, feeds);
      }
    }
    if (feeds.isEmpty()) {
      return;
    }
    kept = kept == null ? detach(event) : kept;
    int share = Candidate.documentWeight(kept) / feeds.size();
    for (Feed feed : feeds) {
      feed(feed, new Candidate(kept, arrival, feed.stages(), feed.until(), share), detections);
    }
  }

  /**
   * Positions of {@code events} in the order of semantics §10.1 within the batch: timestamp, then
   * event.sequence, then position. Shippers mostly send events in order, so that case is checked
   * first and costs one pass.
   */
  private static int[] timeOrder(List<Event> events) {
    int size = events.size();
    int[] order = new int[size];
    boolean sorted = true;
    for (int i = 0; i < size; i++) {
      order[i] = i;
      if (i > 0 && BY_TIME.compare(events.get(i - 1), events.get(i)) > 0) {
        sorted = false;
      }
    }
    if (sorted) {
      return order;
    }
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparing((Integer i) -> events.get(i), BY_TIME).thenComparingInt(i -> i));
    for (int i = 0; i < size; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  private void detectEventQuery(CompiledRule rule, Event kept, List<Detection> detections) {
    RuleStats ruleStats = stats.rule(rule.id());
    ruleStats.matched(0);
    String id = EventIdentity.alertId(rule.id(), List.of(EventIdentity.of(kept)));
    detections.add(new Detection(rule, id, List.of(), List.of(kept), List.of()));
    stats.detected(ruleStats, false);
  }

  /** The targets whose rule sees documents of {@code indexName}. */
  private long[] visibleTargets(String indexName) {
    long[] known = visibleByIndex.get(indexName);
    if (known != null) {
      return known;
    }
    long[] visible = index.newSelection();
    for (int target = 0; target < targetOwner.length; target++) {
      if (ownerRule[targetOwner[target]].indices().matches(indexName)) {
        visible[target >>> 6] |= 1L << target;
      }
    }
    if (visibleByIndex.size() < REMEMBERED_INDICES) {
      visibleByIndex.put(indexName, visible);
    }
    return visible;
  }

  private static final int REMEMBERED_INDICES = 1024;

  /** What one call of {@link #process} reuses from event to event. */
  private static final class Scratch {
    final long[] selection;
    final List<Feed> feeds = new ArrayList<>();

    Scratch(long[] selection) {
      this.selection = selection;
    }
  }

  /** A candidate to be: the rule, the join-key values and the roles the event plays for them. */
  private record Feed(SequenceRule rule, Object[] key, int stages, boolean until) {
  }

  /**
   * The keys the event is a candidate for in {@code rule}, given the stages it matched. Stages may
   * join on different fields (per-stage "by"), so one event can belong to a different key in each
   * stage it matches: the matched roles are grouped by key.
   */
  private void collectFeeds(SequenceRule rule, Object[] values, int matched, boolean until, List<Feed> feeds) {
    SequencePlan plan = rule.plan();
    List<Stage> stages = plan.stages();
    for (int k = 0; k < stages.size(); k++) {
      if ((matched & (1 << k)) != 0) {
        rule.stats().matched(k);
      }
    }
    List<Object[]> keys = new ArrayList<>(1);
    List<int[]> roles = new ArrayList<>(1);
    for (int k = 0; k < stages.size(); k++) {
      if ((matched & (1 << k)) != 0) {
        addRole(keys, roles, keyValues(stages.get(k), values), 1 << k, 0);
      }
    }
    if (until) {
      addRole(keys, roles, keyValues(plan.until(), values), 0, 1);
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) == null) {
        rule.discard(Discard.MISSING_JOIN_KEY, 1);
      } else {
        feeds.add(new Feed(rule, keys.get(i), roles.get(i)[0], roles.get(i)[1] != 0));
      }
    }
  }

  private void feed(Feed feed, Candidate candidate, List<Detection> detections) {
    SequenceRule rule = feed.rule();
    List<Found> found = new ArrayList<>(0);
    CorrelationKey correlationKey = new CorrelationKey(rule, feed.key());
    if (feed.stages() == 0) {
      states.asMap().computeIfPresent(correlationKey, (k, state) -> accept(rule, state, candidate, found));
    } else {
      states.asMap().compute(correlationKey, (k, state) -> accept(rule, state, candidate, found));
    }
    for (Found each : found) {
      detections.add(detection(rule, feed.key(), each));
      stats.detected(rule.stats(), !each.revises().isEmpty());
    }
  }

  /** Feeds the candidate to the key's state, made if absent. Runs inside the key's atomic compute. */
  private static KeyState accept(SequenceRule rule, KeyState state, Candidate candidate, List<Found> found) {
    if (state == null) {
      KeyState created = new KeyState(rule.plan().stages().size());
      created.accept(rule, candidate, found);
      rule.stats().stateAdded(created.weight());
      return created;
    }
    int before = state.weight();
    state.accept(rule, candidate, found);
    rule.stats().stateReweighed(state.weight() - before);
    return state;
  }

  private static void addRole(List<Object[]> keys, List<int[]> roles, Object[] key, int stageBit, int until) {
    for (int i = 0; i < keys.size(); i++) {
      if (Arrays.deepEquals(keys.get(i), key)) {
        roles.get(i)[0] |= stageBit;
        roles.get(i)[1] |= until;
        return;
      }
    }
    keys.add(key);
    roles.add(new int[] {stageBit, until});
  }

  /** The stage's join-key values, or null when one is missing: mandatory keys (§3.1). */
  private static Object[] keyValues(Stage stage, Object[] values) {
    int[] slots = stage.keySlots();
    Object[] key = new Object[slots.length];
    for (int i = 0; i < slots.length; i++) {
      key[i] = values[slots[i]];
      if (key[i] == null) {
        return null;
      }
    }
    return key;
  }

  private static Detection detection(SequenceRule rule, Object[] key, Found found) {
    List<Object> joinKeys = new ArrayList<>(key.length);
    for (Object value : key) {
      joinKeys.add(value instanceof String[] many ? List.of(many) : value);
    }
    List<Event> chain = new ArrayList<>(found.chain().length);
    for (Candidate candidate : found.chain()) {
      chain.add(candidate.event);
    }
    return new Detection(rule.rule(), found.alertId(), joinKeys, chain, found.revises());
  }

  /**
   * The event as it is kept past the batch: its document copied out of the request buffer, and of
   * its values only the engine's own fields ({@link FieldSchema#ENGINE_SLOTS}: time, id, sequence,
   * index, host), the ones read after matching. The rules' fields are not read again once the event
   * has matched (join keys are taken at matching), and with a thousand rules they are most of what
   * an event holds: an array of a slot per field any rule reads, and their strings.
   */
  private static Event detach(Event event) {
    Object[] values = event.values();
    Object[] kept = values.length > FieldSchema.ENGINE_SLOTS ? Arrays.copyOf(values, FieldSchema.ENGINE_SLOTS) : values;
    return new Event(event.index(), event.timestamp(), event.sequence(), kept, event.source().detach(),
        event.target());
  }

  /**
   * Expire a key's state after its rule's idle time, measured from its last event (§10.3); a state
   * without a pending partial after the allowed lateness.
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
      return state.hasPartial() ? key.rule.stateTtlNanos() : key.rule.partialLessTtlNanos();
    }

    @Override
    public long expireAfterRead(CorrelationKey key, KeyState state, long now, long remaining) {
      return remaining;
    }
  }
}
