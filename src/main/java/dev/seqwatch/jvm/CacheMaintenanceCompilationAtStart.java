package dev.seqwatch.jvm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs {@link CacheMaintenanceCompilation#keepApart} once every bean is made and before the web
 * server starts, before the engine's code is hot enough for C2.
 */
@Component
class CacheMaintenanceCompilationAtStart implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(CacheMaintenanceCompilationAtStart.class);

  @Override
  public void afterSingletonsInstantiated() {
    FrameworkCompilation.Outcome outcome = CacheMaintenanceCompilation.keepApart();
    if (outcome.applied()) {
      log.debug("Caffeine's cache maintenance is compiled apart from SeqWatch's code: {}", outcome.message());
    } else {
      log.info("Caffeine's cache maintenance may be inlined into SeqWatch's code: {}", outcome.message());
    }
  }
}
