package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Later-stage candidates of keys without state ({@link Orphans}) wait in their rule's log outside
 * the cache: joined by an earlier stage arriving out of order within the allowed lateness, each
 * expired the allowed lateness of wall-clock time after it came, and handed to a new state as a state
 * fed them would hold them, counted late or overflowing then (semantics §10.3).
 */
class OrphansTest {

  private static final Duration LATENESS = Duration.ofSeconds(5);
  private static final String PADDING = "p".repeat(1_000);

  private final FakeTicker ticker = new FakeTicker();
  private final RuleSet rules = RuleCompiler.compile(List.of(ncThen("shell-then-connect", "network")));
  /** Two rules by host: a process named nc, then a network event; or then a file event. */
  private static final RuleSet TWO_RULES = RuleCompiler.compile(
      List.of(ncThen("then-connect", "network"), ncThen("then-write", "file")));

  /** A rule by host: a process named nc, then any event of {@code category} within a minute. */
  private static RuleSource ncThen(String id, String category) {
    return Engines.ruleSource(id, "sequence by host.id with maxspan=1m "
        + "[process where process.name == \"nc\"] [" + category + " where true]");
  }

  /** An event of {@code category} on {@code host}, a process named nc, padded to weigh about 1 KB. */
  static String event(String category, long millis, String host) {
    return "{\"@timestamp\":\"" + Instant.ofEpochMilli(1_770_000_000_000L + millis) + "\",\"event\":{\"id\":\""
        + category + millis + host + "\",\"category\":[\"" + category + "\"]},\"host\":{\"id\":\"" + host
        + "\"},\"process\":{\"name\":\"nc\",\"pid\":" + millis + "},\"padding\":\"" + PADDING + "\"}";
  }

  private static List<Detection> feed(DetectionEngine engine, RuleSet rules, String... documents) {
    return engine.process(Engines.read(rules, List.of(documents)));
  }

  private DetectionEngine engine(CorrelationSettings settings) {
    return Engines.engine(rules, settings, ticker);
  }

  private static List<Long> times(Detection detection) {
    return detection.events().stream().map(event -> event.timestamp() - 1_770_000_000_000L).toList();
  }

  @Test
  void aLaterStageArrivingFirstIsJoinedByTheEarlierStageArrivingWithinTheLateness() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    assertThat(feed(engine, rules, event("network", 3_000, "h"))).isEmpty();
    RuleStats stats = engine.stats().rule("shell-then-connect");
    assertThat(stats.keys()).isEqualTo(1);
    assertThat(stats.bytes()).isGreaterThan(PADDING.length());

    List<Detection> found = feed(engine, rules, event("process", 1_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_000L));
    assertThat(stats.keys()).isEqualTo(1);
    assertThat(engine.stats().statesFound()).isEqualTo(1);
    assertThat(engine.stats().statesCreated()).isEqualTo(1);
  }

  @Test
  void eachOrphanWaitsTheAllowedLatenessOfWallClockTimeFromItsOwnArrival() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("network", 3_000, "h"), event("network", 3_000, "expired"));
    ticker.advance(LATENESS.minusMillis(1));
    feed(engine, rules, event("network", 3_500, "h"));
    ticker.advance(Duration.ofMillis(1));

    List<Detection> found = feed(engine, rules, event("process", 1_000, "h"), event("process", 1_000, "expired"));

    // The key's first orphan expired although the key had another since: only the second is joined.
    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_500L));
    assertThat(engine.stats().rule("shell-then-connect").discarded(Discard.EXPIRED)).isEqualTo(2);
  }

  @Test
  void expiredOrphansLeaveTheCountersWhenSweptWithoutBeingTouched() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("network", 3_000, "a"), event("network", 3_000, "b"));
    RuleStats stats = engine.stats().rule("shell-then-connect");
    assertThat(stats.keys()).isEqualTo(2);
    assertThat(engine.estimatedKeys()).isEqualTo(2);

    ticker.advance(LATENESS);
    engine.cleanUp();

    assertThat(stats.keys()).isZero();
    assertThat(stats.bytes()).isZero();
    assertThat(engine.estimatedKeys()).isZero();
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(2);
  }

  @Test
  void eachOrphanLeavesTheCountersWithTheFirstBatchPastItsOwnDeadline() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("network", 3_000, "first"), event("network", 3_000, "rewritten"));
    ticker.advance(Duration.ofSeconds(1));
    feed(engine, rules, event("network", 4_000, "second"));
    ticker.advance(Duration.ofSeconds(3));
    feed(engine, rules, event("network", 4_000, "rewritten"));
    ticker.advance(Duration.ofSeconds(1));

    feed(engine, rules, event("file", 0, "other"));
    assertThat(stats.keys()).as("the first two expired, second and the rewrite live").isEqualTo(2);
    ticker.advance(Duration.ofSeconds(1));
    feed(engine, rules, event("file", 0, "other"));
    assertThat(stats.keys()).as("second expired").isEqualTo(1);
    ticker.advance(Duration.ofSeconds(3));
    feed(engine, rules, event("file", 0, "other"));

    assertThat(stats.keys()).isZero();
    assertThat(stats.bytes()).isZero();
    assertThat(engine.estimatedKeys()).isZero();
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(4);
  }

  @Test
  void anOrphanPastItsKeysLatenessBoundWeighsUntilItExpiresAndIsNotHandedToAState() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("network", 10_000, "h"));
    long oneOrphan = stats.bytes();
    feed(engine, rules, event("network", 20_000, "h"));
    assertThat(stats.bytes()).as("the log holds both, which weigh the same").isEqualTo(2 * oneOrphan);

    // Late behind 20,000, yet fed to what remains, as a state fed both orphans would hold it: only
    // the second, the first being ten seconds behind it.
    List<Detection> found = feed(engine, rules, event("process", 9_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(9_000L, 20_000L));
    assertThat(stats.discarded(Discard.LATE)).isEqualTo(1);
  }

  @Test
  void aCandidateThatLeftItsStatesWindowIsWeighedOnceByThePartialHoldingIt() {
    long behind = bytesAfter(event("process", 10_000, "h"), event("process", 20_000, "h"));
    long within = bytesAfter(event("process", 10_000, "h"), event("process", 11_000, "h"));

    // The first start, ten seconds behind, left the window, and its partial still holds it: the two
    // weigh the same candidates, and differ by the bookkeeping of where one is held, not a document.
    assertThat(behind - within).isLessThan(PADDING.length());
  }

  /** The rule's weight after {@code documents}, one batch each, fed to an engine of their own. */
  private long bytesAfter(String... documents) {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    for (String document : documents) {
      feed(engine, rules, document);
    }
    return engine.stats().rule("shell-then-connect").bytes();
  }

  @Test
  void theDeadlineOfAnOrphanThatJoinedAStateRemovesNothing() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("network", 3_000, "h"));
    assertThat(feed(engine, rules, event("process", 1_000, "h"))).hasSize(1);
    long bytes = stats.bytes();

    ticker.advance(LATENESS);
    feed(engine, rules, event("file", 0, "other"));

    assertThat(stats.keys()).isEqualTo(1);
    assertThat(stats.bytes()).isEqualTo(bytes);
    assertThat(stats.discarded(Discard.EXPIRED)).isZero();
  }

  @Test
  void aSweepDropsTheExpiredKeysAndKeepsTheLiveOnesJoinable() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("network", 3_000, "old"));
    ticker.advance(LATENESS.minusMillis(1));
    feed(engine, rules, event("network", 3_000, "live"));
    ticker.advance(Duration.ofMillis(1));

    engine.cleanUp();

    RuleStats stats = engine.stats().rule("shell-then-connect");
    assertThat(stats.keys()).isEqualTo(1);
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(1);
    List<Detection> found = feed(engine, rules, event("process", 1_000, "live"), event("process", 1_000, "old"));
    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_000L));
  }

  @Test
  void aLaterStageOfAKeyWithAStateJoinsTheStateAndIsNotKeptAsAnOrphan() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("process", 1_000, "h"));

    List<Detection> found = feed(engine, rules, event("network", 3_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_000L));
    assertThat(stats.keys()).isEqualTo(1);
    assertThat(engine.estimatedKeys()).as("a state, and no orphans").isEqualTo(1);
    assertThat(engine.orphansWaiting()).isZero();
  }

  @Test
  void aLaterStageOfAKeyWhoseStateLeftTheCacheWaitsAsAnOrphanBesideAnotherKeysState() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("process", 1_000, "expires"));
    ticker.advance(Duration.ofSeconds(30));
    feed(engine, rules, event("process", 31_000, "stays"));
    ticker.advance(Duration.ofSeconds(40));
    engine.cleanUp();
    assertThat(engine.stats().rule("shell-then-connect").keys()).isEqualTo(1);

    List<Detection> found = feed(engine, rules, event("network", 70_000, "expires"), event("network", 70_000, "stays"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(31_000L, 70_000L));
    assertThat(engine.orphansWaiting()).isEqualTo(1);
    engine.dropState();
    assertThat(engine.orphansWaiting()).isZero();
  }

  @Test
  void aStateMadeAgainAfterItsKeysStateExpiredUnsweptIsJoinedByItsLaterStages() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("process", 1_000, "h"));
    ticker.advance(Duration.ofMinutes(2));

    // The expired state is still in the cache: this compute finds it expired and makes a new one.
    feed(engine, rules, event("process", 200_000, "h"));
    engine.cleanUp();
    List<Detection> found = feed(engine, rules, event("network", 200_500, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(200_000L, 200_500L));
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(1);
    assertThat(stats.keys()).isEqualTo(1);
  }

  @Test
  void aLaterStageOfAKeyWhoseStateExpiredIsKeptAsAnOrphanAndJoinedByALateEarlierStage() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    RuleStats stats = engine.stats().rule("shell-then-connect");
    feed(engine, rules, event("process", 1_000, "h"));
    ticker.advance(Duration.ofMinutes(2));
    engine.cleanUp();
    assertThat(stats.keys()).isZero();

    assertThat(feed(engine, rules, event("network", 200_500, "h"))).isEmpty();
    assertThat(engine.estimatedKeys()).as("one orphan, no state").isEqualTo(1);
    List<Detection> found = feed(engine, rules, event("process", 200_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(200_000L, 200_500L));
    assertThat(engine.stats().statesFound()).as("the late earlier stage found the orphan").isEqualTo(1);
  }

  @Test
  void anOrphanLaterThanTheLatenessBehindItsKeysNewestIsCountedLateAndDropped() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("network", 10_000, "h"));
    feed(engine, rules, event("network", 4_000, "h"));

    List<Detection> found = feed(engine, rules, event("process", 6_000, "h"));

    assertThat(engine.stats().rule("shell-then-connect").discarded(Discard.LATE)).isEqualTo(1);
    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(6_000L, 10_000L));
  }

  @Test
  void pastThePerKeyLimitTheOldestOrphanIsDroppedAndCounted() {
    DetectionEngine engine = engine(new CorrelationSettings(LATENESS, 256L << 20, 2, Duration.ofMinutes(10)));
    feed(engine, rules, event("network", 2_000, "h"), event("network", 3_000, "h"), event("network", 4_000, "h"));
    RuleStats stats = engine.stats().rule("shell-then-connect");
    assertThat(stats.discarded(Discard.WINDOW_OVERFLOW)).as("counted when a state takes them").isZero();

    List<Detection> found = feed(engine, rules, event("process", 1_000, "h"));

    // Replayed for the new state, the third orphan pushes the oldest past the limit; the state then
    // holds three candidates again, one past it: the oldest (the process event, once it has made its
    // chain) is folded and counted.
    assertThat(stats.discarded(Discard.WINDOW_OVERFLOW)).isEqualTo(2);
    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_000L));
  }

  @Test
  void orphansOfAnotherKeyOrAnEarlierStageAreNotJoined() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    feed(engine, rules, event("network", 3_000, "other-host"), event("network", 500, "h"));

    assertThat(feed(engine, rules, event("process", 1_000, "h"))).isEmpty();
  }

  @Test
  void aReloadKeepsTheOrphansOfAnUnchangedRuleAndDropsThoseOfAChangedOne() {
    RuleSet before = RuleCompiler.compile(List.of(ncThen("unchanged", "network"), ncThen("changed", "network")));
    RuleSet after = RuleCompiler.compile(List.of(ncThen("unchanged", "network"),
        Engines.ruleSource("changed", "sequence by host.id with maxspan=2m "
            + "[process where process.name == \"nc\"] [network where true]")));
    DetectionEngine engine = Engines.engine(before, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, before, event("network", 3_000, "h"));

    DetectionEngine reloaded = engine.withRules(after);
    List<Detection> found = feed(reloaded, after, event("process", 1_000, "h"));

    assertThat(found).extracting(detection -> detection.rule().id()).containsExactly("unchanged");
    assertThat(reloaded.stats().rule("changed").discarded(Discard.RULE_CHANGED)).isEqualTo(1);
    assertThat(reloaded.stats().rule("changed").keys()).isEqualTo(1); // the new state of the process event
  }

  /**
   * An engine of {@link #TWO_RULES} where "then-connect" was given 40 orphans after "then-write"
   * 10: 30 fit its limit, the bound; then, capped at its fair share (20.5 of 30.5), it let its 13
   * oldest go, down to seven eighths of the share (17), so that new ones find room.
   */
  private DetectionEngine connectCappedAtItsShare() {
    long orphan = bytesAfter(event("network", 0, "h000"));
    DetectionEngine engine = Engines.engine(TWO_RULES,
        CorrelationSettings.DEFAULTS.withMaximumWeightBytes(30 * orphan + orphan / 2), ticker);
    feed(engine, TWO_RULES, ofHosts("file", 0, 10));
    feed(engine, TWO_RULES, ofHosts("network", 0, 40));
    return engine;
  }

  @Test
  void aRuleCappedAtItsShareKeepsOrphansUpToTheWholeBoundAgainOnceTheStateIsBackUnderIt() {
    DetectionEngine engine = connectCappedAtItsShare();
    RuleStats connect = engine.stats().rule("then-connect");
    assertThat(connect.discarded(Discard.EVICTED_BY_SIZE)).as("10 refused, 13 let go").isEqualTo(23);
    assertThat(connect.keys()).isEqualTo(17);
    feed(engine, TWO_RULES, ofHosts("network", 50, 51));
    assertThat(connect.discarded(Discard.EVICTED_BY_SIZE)).as("a new one kept in the room").isEqualTo(23);
    assertThat(connect.keys()).isEqualTo(18);
    ticker.advance(LATENESS);
    engine.cleanUp();
    feed(engine, TWO_RULES, event("dns", 0, "h999")); // a batch with the state back under the bound

    feed(engine, TWO_RULES, ofHosts("network", 100, 125));

    assertThat(connect.discarded(Discard.EVICTED_BY_SIZE)).as("none of the 25 refused").isEqualTo(23);
    assertThat(connect.keys()).isEqualTo(25);
  }

  /** One event of {@code category} for each host from {@code from} to {@code to}, exclusive, named alike. */
  private static String[] ofHosts(String category, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> event(category, 0, "h%03d".formatted(i))).toArray(String[]::new);
  }

  @Test
  void aRuleCappedAtItsShareKeepsNoNewOrphansWhileAQuietRulesChainSurvives() {
    long bound = 200_000;
    RuleSet twoRules = RuleCompiler.compile(List.of(
        Engines.ruleSource("noisy", "sequence by host.id, process.pid with maxspan=1m "
            + "[process where process.name == \"never\"] [network where true]"),
        ncThen("quiet", "file")));
    DetectionEngine engine = Engines.engine(twoRules, CorrelationSettings.DEFAULTS.withMaximumWeightBytes(bound), ticker);
    feed(engine, twoRules, event("process", 0, "quiet-host"));
    for (int from = 1; from < 3_000; from += 20) {
      List<String> batch = new ArrayList<>();
      for (int i = from; i < from + 20; i++) {
        batch.add(event("network", i, "busy"));
      }
      engine.process(Engines.read(twoRules, batch));
    }

    List<Detection> found = feed(engine, twoRules, event("file", 3_100, "quiet-host"));

    assertThat(found).extracting(detection -> detection.rule().id()).containsExactly("quiet");
    assertThat(engine.stats().rule("quiet").discarded(Discard.EVICTED_BY_SIZE)).isZero();
    assertThat(engine.stats().rule("noisy").discarded(Discard.EVICTED_BY_SIZE)).isPositive();
    long held = engine.stats().rules().stream().mapToLong(RuleStats::bytes).sum();
    assertThat(held).isLessThanOrEqualTo(bound + 20 * 2 * (PADDING.length() + 1_000L));
  }

  /** An engine bounded at 200 KB whose rule is capped: fed orphans of distinct hosts until it refuses them. */
  private DetectionEngine cappedEngine() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS.withMaximumWeightBytes(200_000));
    feedUntilCapped(engine, rules, engine.stats().rule("shell-then-connect"));
    return engine;
  }

  /**
   * Feeds {@code engine} network events of distinct hosts, 20 a batch, until the rule of {@code
   * stats}, whose second stage they match, refuses one for the bound.
   */
  static void feedUntilCapped(DetectionEngine engine, RuleSet rules, RuleStats stats) {
    for (int from = 0; stats.discarded(Discard.EVICTED_BY_SIZE) == 0; from += 20) {
      List<String> batch = new ArrayList<>();
      for (int i = from; i < from + 20; i++) {
        batch.add(event("network", i, "busy-" + i));
      }
      feed(engine, rules, batch.toArray(String[]::new));
    }
  }

  @Test
  void aCappedRulesStartedChainKeepsItsStateWhileOrphansKeepComing() {
    DetectionEngine engine = cappedEngine();
    feed(engine, rules, event("process", 5_000, "x"));
    for (int batch = 1; batch <= 3; batch++) {
      feed(engine, rules, ofHosts("network", 100 * batch, 100 * batch + 100));
    }

    List<Detection> found = feed(engine, rules, event("network", 5_001, "x"));

    assertThat(found).as("the state came before the orphans").singleElement()
        .satisfies(detection -> assertThat(times(detection)).containsExactly(5_000L, 5_001L));
  }

  @Test
  void aRuleCappedAtItsShareFindsAChainArrivingLastStageFirst() {
    DetectionEngine engine = connectCappedAtItsShare();
    feed(engine, TWO_RULES, event("network", 5_001, "reversed"));

    List<Detection> found = feed(engine, TWO_RULES, event("process", 5_000, "reversed"));

    assertThat(found).as("the oldest orphans made room for it").singleElement().satisfies(detection -> {
      assertThat(detection.rule().id()).isEqualTo("then-connect");
      assertThat(times(detection)).containsExactly(5_000L, 5_001L);
    });
  }

  @Test
  void aCappedRulesLaterStageStillJoinsItsKeysState() {
    DetectionEngine engine = cappedEngine();

    List<Detection> found = feed(engine, rules, event("process", 5_000, "x"), event("network", 5_001, "x"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(5_000L, 5_001L));
  }

  @Test
  void aCappedRuleRefusesAnOrphanOfAKeyWithoutStateWithoutLookingItUp() {
    DetectionEngine engine = cappedEngine();
    RuleStats stats = engine.stats().rule("shell-then-connect");
    long refused = stats.discarded(Discard.EVICTED_BY_SIZE);
    long lookups = engine.stats().statesFound() + engine.stats().statesCreated();

    feed(engine, rules, event("network", 5_000, "another"));

    assertThat(stats.discarded(Discard.EVICTED_BY_SIZE)).isEqualTo(refused + 1);
    assertThat(engine.stats().statesFound() + engine.stats().statesCreated()).isEqualTo(lookups);
  }

  @Test
  void aCappedRuleRefusesEveryOrphanOfAKeyWithoutStateAlsoWhenAnotherKeyOfItsBucketHasAState() {
    DetectionEngine engine = cappedEngine();
    // The state takes the rule over the bound, which caps it and lets its oldest orphans go to
    // make room; the next batch takes that room, and leaves the rule at its cap, not over it.
    feed(engine, rules, event("process", 5_000, "with-state"));
    feed(engine, rules, ofHosts("network", 0, 100));
    long waiting = engine.orphansWaiting();
    List<String> batch = new ArrayList<>();
    // Among 5,000 keys some share the bucket of key hashes of the one with a state: those are not
    // refused before the look into the cache, which finds no state, and must refuse them itself.
    for (int i = 0; i < 5_000; i++) {
      batch.add(event("network", 5_001, "without-state-" + i));
    }

    feed(engine, rules, batch.toArray(String[]::new));

    assertThat(engine.orphansWaiting()).as("none kept past the cap").isEqualTo(waiting);
  }

  @Test
  void orphansOfATwoFieldKeyAreJoinedOnlyByEqualValuesOfBothFields() {
    RuleSet byHostAndUser = RuleCompiler.compile(List.of(
        Engines.ruleSource("by-host-and-user", "sequence by host.id, user.name with maxspan=1m "
            + "[process where process.name == \"nc\"] [network where true]")));
    DetectionEngine engine = Engines.engine(byHostAndUser, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, byHostAndUser, withUser("network", 3_000, "h", "root"), withUser("network", 2_000, "h", "alice"),
        withUser("network", 2_500, "root", "h"));

    List<Detection> root = feed(engine, byHostAndUser, withUser("process", 1_000, "h", "root"));
    List<Detection> alice = feed(engine, byHostAndUser, withUser("process", 1_500, "h", "alice"));

    assertThat(root).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_000L, 3_000L));
    assertThat(alice).singleElement().satisfies(detection -> assertThat(times(detection)).containsExactly(1_500L, 2_000L));
    assertThat(engine.stats().rule("by-host-and-user").keys()).isEqualTo(3); // the two joined, and (root, h) waiting
  }

  @Test
  void rulesJoiningOnTheSameValuesEachJoinOnlyTheirOwnOrphans() {
    RuleSet twoRules = RuleCompiler.compile(List.of(
        Engines.ruleSource("nc-then-connect", "sequence by host.id, user.name with maxspan=1m "
            + "[process where process.name == \"nc\"] [network where true]"),
        Engines.ruleSource("sh-then-connect", "sequence by host.id, user.name with maxspan=1m "
            + "[process where process.name == \"sh\"] [network where true]")));
    DetectionEngine engine = Engines.engine(twoRules, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, twoRules, withUser("network", 3_000, "h", "root"));
    RuleStats nc = engine.stats().rule("nc-then-connect");
    RuleStats sh = engine.stats().rule("sh-then-connect");
    assertThat(engine.estimatedKeys()).isEqualTo(2);
    assertThat(nc.keys()).isEqualTo(1);
    assertThat(sh.keys()).isEqualTo(1);

    List<Detection> first = feed(engine, twoRules, withUser("process", 1_000, "h", "root"));

    assertThat(first).extracting(detection -> detection.rule().id()).containsExactly("nc-then-connect");
    assertThat(sh.keys()).isEqualTo(1); // its orphan is still waiting, beside nc's new state
    List<Detection> second = feed(engine, twoRules,
        withUser("process", 2_000, "h", "root").replace("\"nc\"", "\"sh\""));
    assertThat(second).singleElement().satisfies(detection -> {
      assertThat(detection.rule().id()).isEqualTo("sh-then-connect");
      assertThat(times(detection)).containsExactly(2_000L, 3_000L);
    });
  }

  @Test
  void aSweepExpiresEachRulesOrphansOfSharedValuesByTheirOwnArrival() {
    RuleSet twoRules = RuleCompiler.compile(List.of(ncThen("then-connect", "network"), ncThen("then-write", "file")));
    DetectionEngine engine = Engines.engine(twoRules, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, twoRules, event("network", 3_000, "h"));
    ticker.advance(LATENESS.minusMillis(1));
    feed(engine, twoRules, event("file", 3_500, "h"));
    ticker.advance(Duration.ofMillis(1));

    engine.cleanUp();

    RuleStats connect = engine.stats().rule("then-connect");
    RuleStats write = engine.stats().rule("then-write");
    assertThat(connect.discarded(Discard.EXPIRED)).isEqualTo(1);
    assertThat(connect.keys()).isZero();
    assertThat(connect.bytes()).isZero();
    assertThat(write.discarded(Discard.EXPIRED)).isZero();
    assertThat(write.keys()).isEqualTo(1);
    assertThat(engine.estimatedKeys()).isEqualTo(1);
    List<Detection> found = feed(engine, twoRules, event("process", 1_000, "h"));
    assertThat(found).singleElement().satisfies(detection -> {
      assertThat(detection.rule().id()).isEqualTo("then-write");
      assertThat(times(detection)).containsExactly(1_000L, 3_500L);
    });
  }

  @Test
  void droppingTheStateTakesEveryRulesOrphansOffTheCountersWithoutCountingThemAsDiscarded() {
    RuleSet twoRules = RuleCompiler.compile(List.of(ncThen("then-connect", "network"), ncThen("then-write", "any")));
    DetectionEngine engine = Engines.engine(twoRules, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, twoRules, event("network", 3_000, "a"), event("network", 3_000, "b"));
    assertThat(engine.stats().rule("then-write").keys()).isEqualTo(2);
    assertThat(engine.estimatedKeys()).as("two orphans of each rule").isEqualTo(4);

    engine.dropState();

    assertThat(engine.estimatedKeys()).isZero();
    assertThat(engine.stats().rules()).allSatisfy(rule -> {
      assertThat(rule.keys()).isZero();
      assertThat(rule.bytes()).isZero();
      assertThat(rule.discarded(Discard.EXPIRED)).isZero();
    });
    assertThat(feed(engine, twoRules, event("process", 1_000, "a"))).isEmpty();
  }

  private static String withUser(String category, long millis, String host, String user) {
    return "{\"@timestamp\":\"" + Instant.ofEpochMilli(1_770_000_000_000L + millis) + "\",\"event\":{\"id\":\""
        + category + millis + host + user + "\",\"category\":[\"" + category + "\"]},\"host\":{\"id\":\"" + host
        + "\"},\"user\":{\"name\":\"" + user + "\"},\"process\":{\"name\":\"nc\"}}";
  }

  /** A rule by host: an alert, then no network event of the host within a minute (a trailing missing stage). */
  private final RuleSet quiet = RuleCompiler.compile(List.of(Engines.ruleSource("alert-then-quiet",
      "sequence by host.id with maxspan=1m [alert where true] ![network where true]")));

  @Test
  void aTrailingMissingEventOfAKeyWithoutStateWaitsInTheLogAndVetoesAnAlertArrivingAfterItOutOfOrder() {
    DetectionEngine engine = Engines.engine(quiet, CorrelationSettings.DEFAULTS, ticker);
    feed(engine, quiet, event("network", 3_000, "vetoed"));
    assertThat(engine.orphansWaiting()).as("kept as a time in the log, not as a state").isEqualTo(1);
    assertThat(engine.stats().rule("alert-then-quiet").bytes()).isPositive();

    assertThat(feed(engine, quiet, event("alert", 1_000, "vetoed"), event("alert", 1_000, "passes"))).isEmpty();

    assertThat(engine.closeWindows()).singleElement()
        .satisfies(detection -> assertThat(detection.events()).singleElement()
            .satisfies(alert -> assertThat(alert.source().toString()).contains("\"passes\"")));
  }

  @Test
  void aTrailingMissingEventIsForgottenAfterTheAllowedLatenessOfWallClockTimeAsALaterStageIs() {
    DetectionEngine engine = Engines.engine(quiet, CorrelationSettings.DEFAULTS, ticker);
    RuleStats stats = engine.stats().rule("alert-then-quiet");
    feed(engine, quiet, event("network", 3_000, "h"));
    ticker.advance(LATENESS);
    engine.cleanUp();
    assertThat(stats.keys()).isZero();
    assertThat(stats.bytes()).isZero();
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(1);

    feed(engine, quiet, event("alert", 1_000, "h"));

    assertThat(engine.closeWindows()).hasSize(1);
  }

  @Test
  void aStateHoldingOnlyTrailingMissingTimesLivesTheAllowedLateness() {
    DetectionEngine engine = Engines.engine(quiet, CorrelationSettings.DEFAULTS, ticker);
    RuleStats stats = engine.stats().rule("alert-then-quiet");
    feed(engine, quiet, event("alert", 0, "h"));
    // Its time is past the chain's first event plus maxspan and lateness: the chain passes, and the
    // state keeps only this time, for an alert that may still arrive before it.
    assertThat(feed(engine, quiet, event("network", 70_000, "h"))).hasSize(1);
    assertThat(stats.keys()).isEqualTo(1);

    ticker.advance(LATENESS);
    engine.cleanUp();

    assertThat(stats.keys()).isZero();
    assertThat(engine.orphansWaiting()).isZero();
  }

  @Test
  void aBusyKeysMissingStageTimesEachWaitTheAllowedLatenessOfWallClockTime() {
    DetectionEngine engine = Engines.engine(quiet, CorrelationSettings.DEFAULTS, ticker);
    RuleStats stats = engine.stats().rule("alert-then-quiet");
    feed(engine, quiet, networkEvery10Millis(0, 1_000));
    long thousandTimes = stats.bytes();
    ticker.advance(LATENESS.dividedBy(2));
    feed(engine, quiet, networkEvery10Millis(1_000, 2_000));
    assertThat(engine.orphansWaiting()).isEqualTo(2_000);

    ticker.advance(LATENESS.dividedBy(2));
    engine.cleanUp();

    assertThat(engine.orphansWaiting()).isEqualTo(1_000);
    assertThat(stats.bytes()).isEqualTo(thousandTimes);
    assertThat(stats.discarded(Discard.EXPIRED)).isEqualTo(1_000);
  }

  @Test
  void aKeyWithoutStateWeighsEachMissingStageTimeAsAnOrphan() {
    assertThat(growthFromOneToAHundredTimes(quiet, false)).isEqualTo(99L * Orphans.ENTRY);
  }

  @Test
  void aStateMadeFromAKeysMissingStageTimesVetoesTheAlertsBeforeThemAndCountsTheOneBehindTheLatenessLate() {
    DetectionEngine engine = Engines.engine(quiet, CorrelationSettings.DEFAULTS, ticker);
    // Times from 0 to 9,990 ms wait as orphans; the state the first alert makes takes them.
    feed(engine, quiet, networkEvery10Millis(0, 1_000));

    feed(engine, quiet, event("alert", 4_000, "busy"), event("alert", 6_000, "busy"), event("alert", 9_995, "busy"));

    // The alert at 4,000 is late behind the times' newest, 9,990, and fed all the same. It and the
    // one at 6,000 are vetoed by the times after them; no time comes after the one at 9,995.
    assertThat(engine.closeWindows()).singleElement()
        .satisfies(detection -> assertThat(times(detection)).containsExactly(9_995L));
    assertThat(engine.stats().rule("alert-then-quiet").discarded(Discard.LATE)).isEqualTo(1);
  }

  @Test
  void aKeyWithStateWeighsTheMissingStageTimesItHolds() {
    assertThat(growthFromOneToAHundredTimes(quiet, true)).isEqualTo(HUNDRED_TIMES);
  }

  /** A rule by host with a middle missing stage: an alert, no network event, then a process. */
  private final RuleSet quietBetween = RuleCompiler.compile(List.of(Engines.ruleSource("alert-quiet-process",
      "sequence by host.id with maxspan=1m [alert where true] ![network where true] [process where true]")));

  @Test
  void aKeyWithoutStateWeighsEachMiddleMissingStageTimeAsAnOrphan() {
    assertThat(growthFromOneToAHundredTimes(quietBetween, false)).isEqualTo(99L * Orphans.ENTRY);
  }

  @Test
  void aKeyWithStateWeighsTheMiddleMissingStageTimesItHolds() {
    assertThat(growthFromOneToAHundredTimes(quietBetween, true)).isEqualTo(HUNDRED_TIMES);
  }

  /** What a hundred times add over one: their set's array grows from 4 to 128 slots. */
  private static final long HUNDRED_TIMES = TimeSet.BYTES_PER_TIME * (128 - 4);

  /**
   * How much more the only rule of {@code rules}, whose missing stage is any network event, weighs
   * for one host after a hundred such events, 10 ms apart, than after the first; the host's key has
   * a state (made by an alert first) when {@code withState}, else its times wait in the log.
   */
  private long growthFromOneToAHundredTimes(RuleSet rules, boolean withState) {
    DetectionEngine engine = Engines.engine(rules, CorrelationSettings.DEFAULTS, ticker);
    RuleStats stats = engine.stats().rule(rules.rules().get(0).id());
    if (withState) {
      feed(engine, rules, event("alert", 0, "busy"));
    }
    feed(engine, rules, networkEvery10Millis(1, 2));
    long oneTime = stats.bytes();

    feed(engine, rules, networkEvery10Millis(2, 101));

    assertThat(engine.orphansWaiting()).isEqualTo(withState ? 0 : 100);
    return stats.bytes() - oneTime;
  }

  @Test
  void anOrphansDocumentOutlivesTheBufferItWasReadFrom() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    String network = event("network", 3_000, "h");
    feedThenReuseItsBuffer(engine, network);

    List<Detection> found = feed(engine, rules, event("process", 1_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(detection.events().get(1).source())
        .hasToString(network));
  }

  @Test
  void aStatesCandidateDocumentOutlivesTheBufferItWasReadFrom() {
    DetectionEngine engine = engine(CorrelationSettings.DEFAULTS);
    String process = event("process", 1_000, "h");
    feedThenReuseItsBuffer(engine, process);

    List<Detection> found = feed(engine, rules, event("network", 3_000, "h"));

    assertThat(found).singleElement().satisfies(detection -> assertThat(detection.events().get(0).source())
        .hasToString(process));
  }

  /**
   * Feeds {@code document} read from a buffer it fills, then overwrites the buffer, as the next
   * request overwrites the one it is given.
   */
  private void feedThenReuseItsBuffer(DetectionEngine engine, String document) {
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    engine.process(new EventReader(rules.schema()).read(body, 0, body.length, BodyFormat.NDJSON).events());
    Arrays.fill(body, (byte) ' ');
  }

  private static String[] networkEvery10Millis(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> event("network", 10L * i, "busy")).toArray(String[]::new);
  }
}
