package dev.seqwatch.jvm;

import dev.seqwatch.config.SeqwatchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs {@link YoungGenerationTouch#touchEden} once every bean is made and before the web server
 * starts (lifecycle beans start after this callback), unless {@code seqwatch.memory.touch-eden}
 * is false.
 */
@Component
class EdenTouchAtStart implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(EdenTouchAtStart.class);

  private final boolean enabled;

  EdenTouchAtStart(SeqwatchProperties properties) {
    this.enabled = properties.memory().touchEden();
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!enabled) {
      return;
    }
    YoungGenerationTouch.Touched touched = YoungGenerationTouch.touchEden();
    if (touched.bytes() > 0) {
      log.info("Touched the young generation's {} MiB once in {} ms, so that serving does not fault its pages in",
          touched.bytes() >> 20, touched.nanos() / 1_000_000);
    }
  }
}
