package dev.seqwatch.sequence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventIdentity;
import dev.seqwatch.plan.QueryPlan.SampleFilter;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.rule.CompiledRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streaming meaning of {@code sample} rules (semantics: samples in rules). For each rule and
 * join-key value, a sample is reported as soon as every filter is matched by a distinct event and
 * all of them lie within the rule's look-back of each other; the events it uses serve in no other
 * sample of that key.
 *
 * <p>Why this meaning: Kibana runs a sample rule every {@code interval} over the window {@code
 * from}..now and Elasticsearch returns {@code max_samples_per_key} (default 1) samples per key from
 * it, as sequences, so events further apart than the look-back never share a sample, and a key is
 * reported again only when a later run picks other events. A stream has no runs; it can report the
 * first complete set at once, and "other events" becomes "events not used yet".
 *
 * <p>State per key is bounded: per filter, the newest {@code filters} candidates within the
 * look-back of the key's newest event. That is enough to decide whether a sample exists: if one
 * does with an older candidate, one of the newer ones of the same filter is free to take its place.
 * An event further behind than the look-back is counted as {@link Discard#LATE} and not kept.
 * Work on a key happens inside the cache's atomic {@code compute}, as for sequences; entries expire
 * after the look-back plus the allowed lateness of wall-clock time without a new event, and the
 * cache has its own maximum weight under the same setting as the sequences' state.
 */
final class SampleMatcher {

  /** Kibana's relative {@code from}: {@code now-9m}. */
  private static final Pattern LOOK_BACK = Pattern.compile("now-(\\d{1,9})([smhd])");

  private final List<SampleRule> rules = new ArrayList<>();
  private final Cache<StateKey, SampleState> states;
  private final EngineStats stats;
  private final long maxTtlNanos;
  /** The partition keys whose samples this matcher keeps, or null for all (DetectionEngine#partition). */
  private final Predicate<String> owns;

  SampleMatcher(List<CompiledRule> sampleRules, CorrelationSettings settings, Ticker ticker, Scheduler scheduler,
      EngineStats stats, Predicate<String> owns) {
    this.stats = stats;
    this.owns = owns;
    long max = 0;
    for (CompiledRule rule : sampleRules) {
      long lookBack = lookBackMillis(rule.definition().from(), settings.idleTimeoutWithoutMaxspan());
      SampleRule sample = new SampleRule(rule, (SamplePlan) rule.plan(), lookBack,
          (lookBack + settings.allowedLateness().toMillis()) * 1_000_000L, stats.rule(rule.id()));
      rules.add(sample);
      max = Math.max(max, sample.ttlNanos);
    }
    this.maxTtlNanos = max;
    this.states = Caffeine.newBuilder()
        .executor(DetectionEngine::runInBatch)
        .ticker(ticker)
        .scheduler(scheduler)
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((StateKey key, SampleState state) -> state.weight())
        .expireAfter(new IdleExpiry())
        .evictionListener((StateKey key, SampleState state, RemovalCause cause) -> {
          if (cause == RemovalCause.EXPIRED) {
            stats.discard(key.rule().stats(), Discard.EXPIRED);
          } else if (cause == RemovalCause.SIZE) {
            stats.discard(key.rule().stats(), Discard.EVICTED_BY_SIZE);
          }
        })
        .build();
  }

  /**
   * The look-back of a rule's {@code from} ({@code now-<n><s|m|h|d>}), or {@code fallback} when it
   * is written another way.
   */
  static long lookBackMillis(String from, Duration fallback) {
    Matcher matcher = LOOK_BACK.matcher(from == null ? "" : from.trim());
    if (!matcher.matches()) {
      return fallback.toMillis();
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount).toMillis();
      case "m" -> Duration.ofMinutes(amount).toMillis();
      case "h" -> Duration.ofHours(amount).toMillis();
      default -> Duration.ofDays(amount).toMillis();
    };
  }

  /** The sample rules this matcher runs, in load order. */
  List<CompiledRule> rules() {
    return rules.stream().map(SampleRule::rule).toList();
  }

  /** Wall-clock time the state of the longest-lived sample rule lasts without events; 0 without any. */
  long stateTtlNanos() {
    return maxTtlNanos;
  }

  long estimatedKeys() {
    return states.estimatedSize();
  }

  /** Counts every key with state as a discard for {@code reason}, by its rule; for a matcher let go of. */
  void countKeys(Discard reason) {
    states.asMap().keySet().forEach(key -> stats.discard(key.rule().stats(), reason));
  }

  /** Drops every key's state (the engine is being let go of). */
  void dropState() {
    states.invalidateAll();
  }

  void cleanUp() {
    states.cleanUp();
  }

  /**
   * Feeds one event, in the engine's time order within its batch, to sample rule {@code rule} (its
   * place in load order) whose filters {@code filters} (bit f for filter f) it matched: the engine's
   * stage index chose which filters to test, among the rules whose index patterns see the document,
   * as it does for every other rule.
   */
  void match(int rule, long filters, Event event, long arrival, List<Detection> out) {
    match(rules.get(rule), filters, event, arrival, out);
  }

  private void match(SampleRule rule, long matched, Event event, long arrival, List<Detection> out) {
    List<SampleFilter> filters = rule.plan.filters();
    Object[] values = event.values();
    Map<SampleKey, Integer> roles = null;
    for (long bits = matched; bits != 0; bits &= bits - 1) {
      int f = Long.numberOfTrailingZeros(bits);
      SampleFilter filter = filters.get(f);
      List<SampleKey> keys = SampleKey.of(filter, values);
      if (keys.isEmpty()) {
        stats.discard(rule.stats, Discard.MISSING_JOIN_KEY);
      }
      int role = 1 << f;
      for (SampleKey key : keys) {
        if (owns == null || owns.test(Partitioning.key(key.values()))) {
          roles = roles != null ? roles : new LinkedHashMap<>(2);
          roles.merge(key, role, (a, b) -> a | b);
        }
      }
    }
    if (roles == null) {
      return;
    }
    Entry entry = new Entry(event.detached(), arrival);
    roles.forEach((key, filterSet) -> {
      List<List<Event>> found = new ArrayList<>(0);
      states.asMap().compute(new StateKey(rule, key), (k, state) -> {
        SampleState current = state != null ? state : new SampleState(filters.size());
        current.accept(rule.lookBackMillis, entry, filterSet, found, stats, rule.stats);
        return current.isEmpty() ? null : current;
      });
      for (List<Event> sample : found) {
        List<String> identities = new ArrayList<>(sample.size());
        sample.forEach(each -> identities.add(EventIdentity.of(each)));
        String id = EventIdentity.alertId(rule.rule.id(), identities, Detection.earliest(sample));
        out.add(new Detection(rule.rule, id, key.asList(), sample, List.of()));
        stats.detected(rule.stats, false);
      }
    });
  }

  /** One sample rule with its look-back and the wall-clock life of its keys' state. */
  private record SampleRule(CompiledRule rule, SamplePlan plan, long lookBackMillis, long ttlNanos,
      RuleStats stats) {
  }

  /**
   * A rule and one value of its join keys; rules compare by identity and hash by id, as {@code
   * CorrelationKey} does, so that which keys the cache evicts does not depend on identity hashes.
   */
  private record StateKey(SampleRule rule, SampleKey key) {
    @Override
    public boolean equals(Object other) {
      return other instanceof StateKey that && rule == that.rule && key.equals(that.key);
    }

    @Override
    public int hashCode() {
      return 31 * rule.rule().id().hashCode() + key.hashCode();
    }
  }

  /** A kept event and its place in the engine's arrival order. */
  private record Entry(Event event, long arrival) {
    static final Comparator<Entry> TIME_ORDER = Comparator.comparingLong((Entry e) -> e.event.timestamp())
        .thenComparingLong(e -> e.event.sequence()).thenComparingLong(Entry::arrival);

    int weight() {
      return 160 + event.source().length() + 4 * event.values().length;
    }
  }

  /**
   * What one rule remembers about one key: per filter, the newest candidates in time order. After
   * every call no sample can be formed from what is kept, so a sample found is always a new one.
   */
  private static final class SampleState {
    private final List<List<Entry>> candidates;
    private long newest = Long.MIN_VALUE;

    SampleState(int filters) {
      candidates = new ArrayList<>(filters);
      for (int i = 0; i < filters; i++) {
        candidates.add(new ArrayList<>(1));
      }
    }

    void accept(long lookBackMillis, Entry entry, int filterSet, List<List<Event>> found, EngineStats stats,
        RuleStats ruleStats) {
      long timestamp = entry.event.timestamp();
      if (newest != Long.MIN_VALUE && timestamp < newest - lookBackMillis) {
        stats.discard(ruleStats, Discard.LATE);
        return;
      }
      newest = Math.max(newest, timestamp);
      long bound = newest - lookBackMillis;
      int limit = candidates.size();
      for (int f = 0; f < candidates.size(); f++) {
        List<Entry> list = candidates.get(f);
        list.removeIf(kept -> kept.event.timestamp() < bound);
        if ((filterSet & (1 << f)) != 0) {
          int at = 0;
          while (at < list.size() && Entry.TIME_ORDER.compare(list.get(at), entry) < 0) {
            at++;
          }
          list.add(at, entry);
          if (list.size() > limit) {
            list.remove(0);
          }
        }
      }
      List<Entry> sample;
      while ((sample = firstSample()) != null) {
        List<Event> events = new ArrayList<>(sample.size());
        for (Entry used : sample) {
          events.add(used.event);
          candidates.forEach(list -> list.remove(used));
        }
        found.add(events);
      }
    }

    /** The first way, in time order, to pick one distinct candidate per filter; null if none. */
    private List<Entry> firstSample() {
      List<Entry> partial = new ArrayList<>(candidates.size());
      return pick(0, partial) ? partial : null;
    }

    private boolean pick(int filter, List<Entry> partial) {
      for (Entry entry : candidates.get(filter)) {
        if (partial.contains(entry)) {
          continue;
        }
        partial.add(entry);
        if (filter == candidates.size() - 1 || pick(filter + 1, partial)) {
          return true;
        }
        partial.remove(partial.size() - 1);
      }
      return false;
    }

    boolean isEmpty() {
      return candidates.stream().allMatch(List::isEmpty);
    }

    int weight() {
      int weight = 200;
      for (List<Entry> list : candidates) {
        for (Entry entry : list) {
          weight += entry.weight();
        }
      }
      return weight;
    }
  }

  /** Expire a key's state after its rule's look-back plus the allowed lateness without a new event. */
  private static final class IdleExpiry implements Expiry<StateKey, SampleState> {
    @Override
    public long expireAfterCreate(StateKey key, SampleState state, long now) {
      return key.rule.ttlNanos;
    }

    @Override
    public long expireAfterUpdate(StateKey key, SampleState state, long now, long remaining) {
      return key.rule.ttlNanos;
    }

    @Override
    public long expireAfterRead(StateKey key, SampleState state, long now, long remaining) {
      return remaining;
    }
  }
}
