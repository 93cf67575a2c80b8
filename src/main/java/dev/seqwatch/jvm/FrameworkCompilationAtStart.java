package dev.seqwatch.jvm;

import dev.seqwatch.config.SeqwatchProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs {@link FrameworkCompilation#limitToC1} with {@code seqwatch.jit.c1-only-packages}, except
 * {@code seqwatch.jit.c2-kept-packages}, once every bean is made and before the web server starts:
 * code that only the start ran hot may already be C2's, the requests' code is not yet. An empty
 * list leaves the JVM's compilers as they are.
 */
@Component
class FrameworkCompilationAtStart implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(FrameworkCompilationAtStart.class);

  private final List<String> packages;
  private final List<String> keptWithC2;

  FrameworkCompilationAtStart(SeqwatchProperties properties) {
    this.packages = properties.jit().c1OnlyPackages();
    this.keptWithC2 = properties.jit().c2KeptPackages();
    FrameworkCompilation.directives(packages, keptWithC2); // a bad package name stops the start, with its name
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (packages.isEmpty()) {
      return;
    }
    FrameworkCompilation.Outcome outcome = FrameworkCompilation.limitToC1(packages, keptWithC2);
    if (outcome.applied()) {
      log.info("The frameworks' code ({}) is compiled by C1 only, except {}: {}", String.join(", ", packages),
          keptWithC2.isEmpty() ? "nothing" : String.join(", ", keptWithC2), outcome.message());
    } else {
      log.info("The JVM's compilers are left as they are: {}", outcome.message());
    }
  }
}
