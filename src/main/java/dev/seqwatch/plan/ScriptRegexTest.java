package dev.seqwatch.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code regex} and {@code regex~} on a computed value, where Elasticsearch runs a script: QL's
 * {@code RegexProcessor} matches with {@link java.util.regex} ({@code Matcher.matches}, so anchored
 * at both ends; {@code regex~} adds {@code CASE_INSENSITIVE}, which folds ASCII only). On a field
 * the same operators are a Lucene {@code regexp} query instead: {@link RegexTest}.
 */
final class ScriptRegexTest extends ValueTest {

  private final Pattern[] patterns;

  ScriptRegexTest(List<Pattern> patterns) {
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
