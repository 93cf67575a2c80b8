package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexPatternsTest {

  @Test
  void wildcardsMatchWholeNamesCaseSensitively() {
    IndexPatterns patterns = IndexPatterns.of(List.of("logs-endpoint.events.*"));

    assertThat(patterns.matches("logs-endpoint.events.process-default")).isTrue();
    assertThat(patterns.matches("logs-endpoint.events.network-default")).isTrue();
    assertThat(patterns.matches("logs-endpoint.alerts-default")).isFalse();
    assertThat(patterns.matches("LOGS-endpoint.events.process-default")).isFalse();
    assertThat(patterns.matches("x-logs-endpoint.events.process")).isFalse();
  }

  @Test
  void unknownIndexesAndRulesWithoutPatternsSeeEverything() {
    assertThat(IndexPatterns.of(List.of("logs-*")).matches(null)).isTrue();
    assertThat(IndexPatterns.of(List.of()).matches("anything")).isTrue();
  }

  @Test
  void commaListsAndExclusionsReadAsInElasticsearch() {
    IndexPatterns patterns = IndexPatterns.of(List.of("logs-*,auditbeat-*", "-logs-test*"));

    assertThat(patterns.matches("auditbeat-8.0")).isTrue();
    assertThat(patterns.matches("logs-prod")).isTrue();
    assertThat(patterns.matches("logs-test-1")).isFalse();
  }

  @Test
  void rememberedDecisionsAgreeWithFreshOnesBeyondTheMemoryBound() {
    IndexPatterns patterns = IndexPatterns.of(List.of("logs-*", "-logs-x*"));
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 3_000; i++) {
        assertThat(patterns.matches("logs-" + i)).isTrue();
        assertThat(patterns.matches("logs-x" + i)).isFalse();
        assertThat(patterns.matches("metrics-" + i)).isFalse();
      }
    }
  }

  @Test
  void madeUpIndexNamesNeitherGrowTheMemoNorPushOutTheNamesInUse() {
    IndexPatterns patterns = IndexPatterns.of(List.of("logs-endpoint.events.*", "-logs-endpoint.events.x*"));
    String inUse = "logs-endpoint.events.process-default";
    for (int i = 0; i < 100; i++) {
      patterns.matches(inUse);
    }
    for (int i = 0; i < 50_000; i++) {
      assertThat(patterns.matches("logs-endpoint.events.made-up-" + i)).isTrue();
      if (i % 100 == 0) {
        patterns.matches(inUse); // the fleet keeps sending while the flood goes on
      }
    }

    assertThat(patterns.remembers(inUse)).isTrue();
    assertThat(patterns.remembered()).isLessThanOrEqualTo(IndexPatterns.REMEMBERED);
    assertThat(patterns.matches(inUse)).isTrue();
  }
}
