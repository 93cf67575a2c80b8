package dev.seqwatch.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.config.SeqwatchProperties;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class YoungGenerationTouchAtStartTest {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void touchesTheYoungGenerationByDefault() {
    YoungGenerationTouchAtStart touch = new YoungGenerationTouchAtStart(properties(Map.of()));

    // The test JVM runs G1, whose eden grows and shrinks between collections: at least one chunk
    // went through it (YoungGenerationTouchTest checks the amount against a fixed size).
    assertThat(allocatedBy(touch)).isGreaterThanOrEqualTo(YoungGenerationTouch.CHUNK);
  }

  @Test
  void leavesTheYoungGenerationAloneWhenTurnedOff() {
    YoungGenerationTouchAtStart touch =
        new YoungGenerationTouchAtStart(properties(Map.of("seqwatch.memory.touch-eden", "false")));

    assertThat(allocatedBy(touch)).isLessThan(YoungGenerationTouch.CHUNK);
  }

  private long allocatedBy(YoungGenerationTouchAtStart touch) {
    long before = threads.getCurrentThreadAllocatedBytes();
    touch.afterSingletonsInstantiated();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  private static SeqwatchProperties properties(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("seqwatch", SeqwatchProperties.class);
  }
}
