package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The directive that keeps Caffeine's maintenance out of SeqWatch's compiled code, in this JVM. */
class CacheMaintenanceCompilationTest {

  @Test
  void theJvmHoldsADirectiveThatNoSeqwatchMethodInlinesTheCachesMaintenance() {
    FrameworkCompilation.Outcome outcome = CacheMaintenanceCompilation.keepApart();

    assertThat(outcome.applied()).as(outcome.message()).isTrue();
    String printed = FrameworkCompilation.printDirectives();
    int ours = printed.indexOf("matching: dev/seqwatch/*.*");
    assertThat(ours).as(printed).isNotNegative();
    String directive = printed.substring(ours, printed.indexOf("Directive:", ours));
    assertThat(directive).contains("inline: -com/github/benmanes/caffeine/cache/BoundedLocalCache.maintenance");
  }

  @Test
  void aSecondCallInTheSameJvmAddsNothingMore() {
    CacheMaintenanceCompilation.keepApart();
    String before = FrameworkCompilation.printDirectives();

    FrameworkCompilation.Outcome again = CacheMaintenanceCompilation.keepApart();

    assertThat(again).isEqualTo(new FrameworkCompilation.Outcome(true, "added before"));
    assertThat(FrameworkCompilation.printDirectives()).isEqualTo(before);
  }
}
