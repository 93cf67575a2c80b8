package dev.seqwatch.ruleset;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.event.EventLimits;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldTypes;
import dev.seqwatch.rule.RuleFile;
import dev.seqwatch.rule.RuleLoad;
import dev.seqwatch.rule.RuleLoader;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.Discard;
import dev.seqwatch.sequence.Partitioning;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Loads the rule tree of {@code seqwatch.rules.*} at start-up and again on demand, and swaps the
 * result into {@link ActiveRules}. A file that cannot run is reported and left out; only strict
 * mode turns it into a refusal of the whole set. One reload at a time.
 */
@Service
public class RuleSetService {

  private static final Logger log = LoggerFactory.getLogger(RuleSetService.class);

  private final SeqwatchProperties.Rules settings;
  private final EventLimits limits;
  private final boolean dateAsTimestamp;
  private final Clock clock;
  private final ReentrantLock reloading = new ReentrantLock();
  private final ActiveRules active;
  private final FieldTypes types;

  /**
   * @throws dev.seqwatch.rule.RuleLoadException when a rules path does not exist
   * @throws RulesRefusedException when strict mode refuses the rules
   */
  RuleSetService(SeqwatchProperties properties, EventLimits limits, CorrelationSettings correlation, Clock clock,
      Ticker ticker, Scheduler scheduler, FieldTypes types) {
    this.settings = properties.rules();
    this.types = types;
    this.limits = limits;
    this.dateAsTimestamp = properties.ingest().dateAsTimestamp();
    this.clock = clock;
    RuleLoad load = load(null);
    this.active = new ActiveRules(snapshot(load, new DetectionEngine(load.rules(), correlation, ticker, scheduler)));
  }

  /** The holder of the running rule set. */
  public ActiveRules active() {
    return active;
  }

  /** What a reload did: the new set's verdict counts and the correlation states it dropped. */
  public record Reloaded(RuleLoad load, long droppedStates) {
  }

  /**
   * Loads the tree again and swaps it in. The new engine keeps the state of unchanged rules
   * ({@link DetectionEngine#withRules}); requests already running finish on the old set.
   *
   * @throws ReloadInProgressException when another reload is running
   * @throws dev.seqwatch.rule.RuleLoadException when a rules path no longer exists; the old set is kept
   * @throws RulesRefusedException when strict mode refuses the new set; the old set is kept
   */
  public Reloaded reload() {
    if (!reloading.tryLock()) {
      throw new ReloadInProgressException();
    }
    try {
      ActiveRules.Snapshot previous = active.current();
      RuleLoad load = load(previous);
      long droppedBefore = previous.engine().stats().discarded(Discard.RULE_CHANGED);
      DetectionEngine engine = previous.engine().withRules(load.rules());
      active.replace(snapshot(load, engine));
      long dropped = engine.stats().discarded(Discard.RULE_CHANGED) - droppedBefore;
      log.info("Rules reloaded: {}; {} correlation states of removed or changed rules dropped", load.summary(),
          dropped);
      return new Reloaded(load, dropped);
    } finally {
      reloading.unlock();
    }
  }

  private RuleLoad load(ActiveRules.Snapshot previous) {
    RuleLoad load = RuleLoader.load(settings.includeBundled() ? RuleSource.bundled() : null,
        RuleSource.find(settings.path()), settings.disabled(), previous == null ? null : previous.rules().schema(), types);
    for (RuleFile file : load.files()) {
      switch (file.status()) {
        case LOADED -> log.debug("{}", file.describe());
        case SKIPPED -> log.info("{}", file.describe());
        case FAILED -> log.warn("{}", file.describe());
      }
    }
    load.warnings().forEach(warning -> log.warn("{}", warning));
    log.info("Rules: {}", load.summary());
    Map<Partitioning.Kind, Integer> partitioning = Partitioning.count(load.rules());
    log.info("Partitioning of the loaded rules (docs/scaling.md): {} host-local, {} by join key, {} single partition",
        partitioning.get(Partitioning.Kind.HOST_LOCAL), partitioning.get(Partitioning.Kind.BY_KEY),
        partitioning.get(Partitioning.Kind.SINGLE));
    if (settings.strict() && !load.refusedWhenStrict().isEmpty()) {
      throw new RulesRefusedException(load);
    }
    if (load.rules().rules().isEmpty()) {
      log.warn("No rules are loaded: SeqWatch will accept events and detect nothing");
    }
    return load;
  }

  private ActiveRules.Snapshot snapshot(RuleLoad load, DetectionEngine engine) {
    return new ActiveRules.Snapshot(load, new EventReader(load.rules().schema(), limits, dateAsTimestamp), engine,
        clock.instant());
  }
}
