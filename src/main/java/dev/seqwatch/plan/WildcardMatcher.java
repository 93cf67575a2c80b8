package dev.seqwatch.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches a value against a list of wildcard patterns at once: {@code *} is any run of characters,
 * {@code /} included, and {@code ?} exactly one code point; the whole value must match. There is no
 * escape: Elasticsearch's {@code toLikePattern} turns every {@code *} and {@code ?} into a
 * wildcard (semantics §2.6).
 *
 * <p>Patterns are sorted once by shape, because rule lists are mostly of two shapes: constants
 * without a wildcard go to a hash set, and {@code literal*} patterns become a prefix test. Only the
 * rest run the general matcher, a greedy scan that backtracks to the last {@code *}.
 */
final class WildcardMatcher implements ValueTest {

  private final boolean ignoreCase;
  private final TermSet exact;
  private final String[] prefixes;
  private final String[] patterns;
  private final String description;

  WildcardMatcher(List<String> sources, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    List<String> constants = new ArrayList<>();
    List<String> prefixList = new ArrayList<>();
    List<String> general = new ArrayList<>();
    for (String source : sources) {
      String pattern = ignoreCase ? AsciiCase.fold(source) : source;
      int star = pattern.indexOf('*');
      boolean hasQuestion = pattern.indexOf('?') >= 0;
      if (star < 0 && !hasQuestion) {
        constants.add(source);
      } else if (!hasQuestion && star == pattern.length() - 1) {
        prefixList.add(pattern.substring(0, star));
      } else {
        general.add(pattern);
      }
    }
    this.exact = new TermSet(constants, ignoreCase);
    this.prefixes = prefixList.toArray(String[]::new);
    this.patterns = general.toArray(String[]::new);
    this.description = (ignoreCase ? "like~ " : "like ") + sources;
  }

  static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  @Override
  public boolean test(String value) {
    for (String prefix : prefixes) {
      if (ignoreCase ? AsciiCase.startsWith(value, prefix) : value.startsWith(prefix)) {
        return true;
      }
    }
    if (!exact.isEmpty() && exact.test(value)) {
      return true;
    }
    for (String pattern : patterns) {
      if (matches(pattern, value)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(String pattern, String value) {
    int p = 0;
    int v = 0;
    int starAt = -1;
    int resumeAt = 0;
    while (v < value.length()) {
      if (p < pattern.length()) {
        char expected = pattern.charAt(p);
        if (expected == '*') {
          starAt = p++;
          resumeAt = v;
          continue;
        }
        if (expected == '?') {
          v += Character.charCount(value.codePointAt(v));
          p++;
          continue;
        }
        char actual = ignoreCase ? AsciiCase.fold(value.charAt(v)) : value.charAt(v);
        if (expected == actual) {
          p++;
          v++;
          continue;
        }
      }
      if (starAt < 0) {
        return false;
      }
      p = starAt + 1;
      resumeAt += Character.charCount(value.codePointAt(resumeAt));
      v = resumeAt;
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return description;
  }
}
