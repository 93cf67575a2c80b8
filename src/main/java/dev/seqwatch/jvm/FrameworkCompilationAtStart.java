package dev.seqwatch.jvm;

import dev.seqwatch.config.SeqwatchProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs {@link FrameworkCompilation#limitToC1} with {@code seqwatch.jit.c1-only-packages} once every
 * bean is made and before the web server starts, so before any request's code is compiled. An
 * empty list leaves the JVM's compilers as they are.
 */
@Component
class FrameworkCompilationAtStart implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(FrameworkCompilationAtStart.class);

  private final List<String> packages;

  FrameworkCompilationAtStart(SeqwatchProperties properties) {
    this.packages = properties.jit().c1OnlyPackages();
    FrameworkCompilation.directives(packages); // a bad package name stops the start, with its name
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (packages.isEmpty()) {
      return;
    }
    FrameworkCompilation.Outcome outcome = FrameworkCompilation.limitToC1(packages);
    if (outcome.applied()) {
      log.info("The frameworks' code ({}) is compiled by C1 only: {}", String.join(", ", packages), outcome.message());
    } else {
      log.info("The JVM's compilers are left as they are: {}", outcome.message());
    }
  }
}
