package dev.seqwatch.testing;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds engines for tests: on a {@link FakeTicker}, with expiry run only by {@code cleanUp()}. */
public final class Engines {

  private Engines() {
  }

  public static RuleSet seedRules() {
    return RuleCompiler.compile(List.of(RuleSource.bundled()));
  }

  /** A rule set of one rule whose query is {@code eql}. */
  public static RuleSet ruleOf(String eql) {
    return RuleCompiler.compile(List.of(new RuleSource("test.toml", ruleToml("test-rule", "test", eql))));
  }

  /** The smallest rule file SeqWatch loads: an EQL rule with {@code query}. */
  public static String ruleToml(String id, String name, String query) {
    return """
        [rule]
        rule_id = "%s"
        name = "%s"
        type = "eql"
        language = "eql"
        severity = "low"
        risk_score = 21
        query = '''
        %s
        '''
        """.formatted(id, name, query);
  }

  /** {@link #ruleToml} as a source named after the rule. */
  public static RuleSource ruleSource(String id, String query) {
    return new RuleSource(id + ".toml", ruleToml(id, id, query));
  }

  public static DetectionEngine engine(RuleSet rules, CorrelationSettings settings, FakeTicker ticker) {
    return new DetectionEngine(rules, settings, ticker, Scheduler.disabledScheduler());
  }

  public static DetectionEngine engine(RuleSet rules) {
    return engine(rules, CorrelationSettings.DEFAULTS, new FakeTicker());
  }

  /** Reads JSON documents as one batch, failing the test on any rejection. */
  public static List<Event> read(RuleSet rules, List<String> documents) {
    byte[] body = String.join("\n", documents).getBytes(StandardCharsets.UTF_8);
    var batch = new EventReader(rules.schema()).read(body, 0, body.length, BodyFormat.NDJSON);
    if (!batch.rejections().isEmpty()) {
      throw new AssertionError("rejected: " + batch.rejections());
    }
    return batch.events();
  }
}
