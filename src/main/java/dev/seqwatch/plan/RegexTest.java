package dev.seqwatch.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code regex} and {@code regex~}: the value must match one of the expressions as a whole.
 *
 * <p>Elasticsearch runs Lucene's {@code RegExp}; we run {@link java.util.regex}. They agree on the
 * common core (literals, {@code . * + ? | () [] {n,m}}) and both anchor at both ends. Lucene's
 * extras ({@code @ & ~ <n-m> #}) are not recognised and Java's classes such as {@code \d} are not
 * Lucene's. {@code regex~} folds ASCII case only, as Java does without {@code UNICODE_CASE}.
 */
final class RegexTest implements ValueTest {

  private final Pattern[] patterns;

  RegexTest(List<Pattern> patterns) {
    this.patterns = patterns.toArray(Pattern[]::new);
  }

  @Override
  public boolean test(String value) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "regex " + List.of(patterns);
  }
}
