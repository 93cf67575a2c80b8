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
import dev.seqwatch.plan.QueryPlan.EventPlan;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.QueryPlan.Stage;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs every loaded rule over batches of events and reports the detections they complete. The
 * engine's single entry point; thread-safe.
 *
 * <p>A rule sees a document only if the document's index (see {@link Event#indexName()}) matches
 * the rule's index patterns, or is unknown, as Elasticsearch runs a rule only over its indices.
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
 * <p>Chains of a rule with missing stages (semantics §11) are reported when nothing can veto them
 * any more: by the call whose event moves their key's time far enough, by {@link #closeWindows} at
 * the end of a finite input, or, when their key's state expires, to the listener registered with
 * {@link #onExpiry}.
 */
public final class DetectionEngine {

  private static final Comparator<Event> BY_TIME =
      Comparator.comparingLong(Event::timestamp).thenComparingLong(Event::sequence);

  private final List<CompiledRule> rules;
  private final List<SequenceRule> sequences = new ArrayList<>();
  private final List<CompiledRule> eventQueries = new ArrayList<>();
  private final SampleMatcher samples;
  private final Cache<CorrelationKey, KeyState> states;
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
    this.samples = sampleRules.isEmpty() ? null
        : new SampleMatcher(sampleRules, settings, ticker, scheduler, stats, owns);
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
        .evictionListener((CorrelationKey key, KeyState state, RemovalCause cause) -> {
          if (cause == RemovalCause.EXPIRED) {
            stats.discard(Discard.EXPIRED);
          } else if (cause == RemovalCause.SIZE) {
            stats.discard(Discard.EVICTED_BY_SIZE);
          }
        })
        // After removal and outside the entry's lock: an expired key's pending chains with missing
        // stages are confirmed on the wall clock and handed to the expiry listener (§11).
        .removalListener((CorrelationKey key, KeyState state, RemovalCause cause) -> {
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
   * counters, arrival numbers and correlation state as this one. A sequence rule whose definition
   * is unchanged keeps its {@link SequenceRule}, and with it, since state is keyed by that object,
   * every partial sequence; the state of every other rule is dropped and counted as
   * {@link Discard#RULE_CHANGED}. Reuse needs the old plan to read the same slots from the new
   * reader's events, so it happens only when {@code next}'s schema extends this one's
   * ({@code FieldSchema.extending}); otherwise all state is dropped.
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
    this.states = previous.states;
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
    int dropped = 0;
    // Sample rules share one matcher: it is kept whole when none of them changed, else rebuilt.
    boolean samplesUnchanged = previous.samples != null && schemaExtends
        && definitions(previous.samples.rules()).equals(definitions(sampleRules));
    if (samplesUnchanged) {
      this.samples = previous.samples;
    } else {
      if (previous.samples != null) {
        dropped += (int) previous.samples.estimatedKeys();
      }
      this.samples = sampleRules.isEmpty() ? null
          : new SampleMatcher(sampleRules, settings, ticker, scheduler, stats, owns);
    }
    for (Iterator<CorrelationKey> keys = states.asMap().keySet().iterator(); keys.hasNext(); ) {
      if (!kept.contains(keys.next().rule)) {
        keys.remove();
        dropped++;
      }
    }
    stats.discard(Discard.RULE_CHANGED, dropped);
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

  /** Caffeine's hit, miss and eviction counts for the correlation state. */
  public CacheStats cacheStats() {
    return states.stats();
  }

  /** Approximate number of keys with state. */
  public long estimatedKeys() {
    return states.estimatedSize() + (samples == null ? 0 : samples.estimatedKeys());
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

  /** Runs pending expiry and eviction now; for tests that move a fake clock. */
  public void cleanUp() {
    states.cleanUp();
    if (samples != null) {
      samples.cleanUp();
    }
  }

  /**
   * Evaluates one batch and returns the detections it completes, in the order found. Events are
   * not retained beyond the call unless they take part in pending state; those are copied out of
   * any shared request buffer.
   */
  public List<Detection> process(List<Event> events) {
    int size = events.size();
    long firstArrival = arrivals.getAndAdd(size);
    int[] order = timeOrder(events);
    List<Detection> detections = new ArrayList<>();
    for (int position : order) {
      Event event = events.get(position);
      long arrival = firstArrival + position;
      String index = anyRuleHasIndexPatterns ? event.indexName() : null;
      for (CompiledRule rule : eventQueries) {
        if (rule.indices().matches(index)) {
          matchEventQuery(rule, event, detections);
        }
      }
      for (SequenceRule sequence : sequences) {
        if (sequence.rule().indices().matches(index)) {
          matchSequence(sequence, event, arrival, detections);
        }
      }
      if (samples != null) {
        samples.match(event, arrival, index, detections);
      }
    }
    stats.evaluated(size);
    return detections;
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

  private void matchEventQuery(CompiledRule rule, Event event, List<Detection> detections) {
    if (((EventPlan) rule.plan()).predicate().test(event.values())) {
      stats.matched(rule.id(), 0);
      Event kept = detach(event);
      String id = EventIdentity.alertId(rule.id(), List.of(EventIdentity.of(kept)));
      detections.add(new Detection(rule, id, List.of(), List.of(kept), List.of()));
      stats.detected(false);
    }
  }

  private void matchSequence(SequenceRule rule, Event event, long arrival, List<Detection> detections) {
    SequencePlan plan = rule.plan();
    Object[] values = event.values();
    List<Stage> stages = plan.stages();
    int count = stages.size();
    // Matched plan stages as a bit set: 0 to 63 in a long, the rest in an array made only for
    // sequences longer than 64 stages (§12).
    long matched = 0;
    long[] wide = null;
    boolean previous = false;
    for (int k = 0; k < count; k++) {
      Stage stage = stages.get(k);
      // The copies of a "with runs=N" stage are one object: test its condition once.
      boolean match = k > 0 && stage == stages.get(k - 1) ? previous : stage.predicate().test(values);
      previous = match;
      if (!match) {
        continue;
      }
      stats.matched(rule.rule().id(), k);
      if (k < 64) {
        matched |= 1L << k;
      } else {
        wide = wide != null ? wide : new long[(count - 1) >>> 6];
        wide[(k >>> 6) - 1] |= 1L << k;
      }
    }
    boolean until = plan.until() != null && plan.until().predicate().test(values);
    if (matched == 0 && wide == null && !until) {
      return;
    }
    // Stages may join on different fields (per-stage "by"), and a multi-valued key field gives one
    // key per value (§3.5), so one event can belong to several keys. Group the matched roles by key.
    List<Role> roles = new ArrayList<>(1);
    boolean keyMissing = false;
    for (int k = 0; k < count; k++) {
      if (Candidate.has(matched, wide, k)) {
        List<Object[]> keys = JoinKeys.of(stages.get(k), values);
        keyMissing |= keys.isEmpty();
        for (Object[] key : keys) {
          Role.of(roles, key, count).add(k);
        }
      }
    }
    if (until) {
      List<Object[]> keys = JoinKeys.of(plan.until(), values);
      keyMissing |= keys.isEmpty();
      for (Object[] key : keys) {
        Role.of(roles, key, count).until = true;
      }
    }
    if (keyMissing) {
      stats.discard(Discard.MISSING_JOIN_KEY);
    }
    Event kept = null;
    for (Role role : roles) {
      if (owns != null && !owns.test(Partitioning.key(role.key))) {
        continue; // another partition's engine owns this key
      }
      // A role of missing stages only is remembered as times, without the event (§11.7).
      boolean chainable = role.hasPositive(rule) || role.until;
      kept = chainable && kept == null ? detach(event) : kept;
      Candidate candidate = chainable ? role.candidate(rule, kept, arrival) : null;
      List<Found> found = new ArrayList<>(0);
      // Compute even for an event that only ends or vetoes sequences: it must be remembered for
      // the allowed lateness, or a chain whose events arrive after it would not be cut (§10.2).
      states.asMap().compute(new CorrelationKey(rule, role.key), (k, state) -> {
        KeyState current = state != null ? state : new KeyState(rule);
        role.recordAbsences(rule, current, event.timestamp());
        if (candidate != null) {
          current.accept(rule, candidate, found);
        } else {
          current.advance(rule, event.timestamp(), found);
        }
        return current;
      });
      for (Found each : found) {
        detections.add(detection(rule, role.key, each));
        stats.detected(!each.revises().isEmpty());
      }
    }
  }

  /**
   * The end of input: decides every chain that waits for its missing-event check (§11) as if no
   * more events could come, and returns the detections that pass. For a finite set of events, such
   * as an EQL search; the live engine confirms them as event time passes or when a key's state
   * expires (see {@link #onExpiry}).
   */
  public List<Detection> closeWindows() {
    List<Detection> detections = new ArrayList<>();
    if (sequences.stream().noneMatch(SequenceRule::hasMissing)) {
      return detections;
    }
    for (CorrelationKey key : List.copyOf(states.asMap().keySet())) {
      if (!key.rule.hasMissing()) {
        continue;
      }
      List<Found> found = new ArrayList<>(0);
      states.asMap().computeIfPresent(key, (k, state) -> {
        state.closeAll(k.rule, found);
        return state;
      });
      for (Found each : found) {
        detections.add(detection(key.rule, key.values, each));
        stats.detected(false);
      }
    }
    return detections;
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
    if (state == null || !state.hasPending()) {
      return;
    }
    List<Found> found = new ArrayList<>(0);
    state.closeAll(key.rule, found);
    List<Detection> detections = new ArrayList<>(found.size());
    for (Found each : found) {
      detections.add(detection(key.rule, key.values, each));
      stats.detected(false);
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

  private static Event detach(Event event) {
    return new Event(event.index(), event.timestamp(), event.sequence(), event.values(),
        event.source().detach(), event.target());
  }

  /** Expire a key's state after its rule's idle time, measured from its last event (§10.3). */
  private static final class IdleExpiry implements Expiry<CorrelationKey, KeyState> {
    @Override
    public long expireAfterCreate(CorrelationKey key, KeyState state, long now) {
      return key.rule.stateTtlNanos();
    }

    @Override
    public long expireAfterUpdate(CorrelationKey key, KeyState state, long now, long remaining) {
      return key.rule.stateTtlNanos();
    }

    @Override
    public long expireAfterRead(CorrelationKey key, KeyState state, long now, long remaining) {
      return remaining;
    }
  }
}
