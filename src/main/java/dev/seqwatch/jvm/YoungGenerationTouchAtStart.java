package dev.seqwatch.jvm;

import dev.seqwatch.config.SeqwatchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs {@link YoungGenerationTouch#touchYoungGeneration} once every bean is made and before the
 * web server starts (lifecycle beans start after this callback), unless {@code
 * seqwatch.memory.touch-eden} is false.
 */
@Component
class YoungGenerationTouchAtStart implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(YoungGenerationTouchAtStart.class);

  private final boolean enabled;

  YoungGenerationTouchAtStart(SeqwatchProperties properties) {
    this.enabled = properties.memory().touchEden();
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!enabled) {
      return;
    }
    YoungGenerationTouch.Touched touched = YoungGenerationTouch.touchYoungGeneration();
    if (touched.bytes() > 0) {
      log.info("Touched the young generation once ({} MiB of eden, {} MiB kept through the survivor spaces) in {} ms,"
          + " so that serving does not fault its pages in",
          touched.bytes() >> 20, touched.survivorBytes() >> 20, touched.nanos() / 1_000_000);
    }
  }
}
