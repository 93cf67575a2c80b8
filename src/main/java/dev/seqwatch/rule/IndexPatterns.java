package dev.seqwatch.rule;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code index} patterns, read as Elasticsearch reads index expressions: each entry may
 * hold several comma-separated patterns, {@code *} matches any run of characters, matching is
 * case-sensitive and whole-name, and a pattern starting with {@code -} excludes what it matches
 * from what the patterns before it included. No patterns means every index.
 */
public final class IndexPatterns {

  /**
   * How many index names a rule remembers its decision for. A fleet writes to a handful of data
   * streams, so every event after the first few is one lookup instead of a glob per pattern. The
   * memo is bounded and admits by frequency (Caffeine's W-TinyLFU): names a sender makes up, each
   * seen once, neither grow it nor push out the names the fleet keeps using (issue 14; a memo of
   * the first 1,024 names ever seen made every later name a glob per pattern).
   */
  static final int REMEMBERED = 1024;

  private final List<String> patterns;
  // Evictions run on the caller's thread: no pool thread per rule, and nothing left pending.
  private final Cache<String, Boolean> decided = Caffeine.newBuilder().maximumSize(REMEMBERED)
      .executor(Runnable::run).build();

  private IndexPatterns(List<String> patterns) {
    this.patterns = patterns;
  }

  public static IndexPatterns of(List<String> entries) {
    List<String> patterns = new ArrayList<>();
    for (String entry : entries) {
      for (String pattern : entry.split(",")) {
        if (!pattern.isBlank()) {
          patterns.add(pattern.trim());
        }
      }
    }
    return new IndexPatterns(List.copyOf(patterns));
  }

  /** Whether a document of {@code index} is seen by the rule; an unknown index (null) always is. */
  public boolean matches(String index) {
    if (index == null || patterns.isEmpty()) {
      return true;
    }
    Boolean known = decided.getIfPresent(index);
    if (known != null) {
      return known;
    }
    boolean included = evaluate(index);
    decided.put(index, included);
    return included;
  }

  /** Whether the decision for {@code index} is in the memo now. */
  boolean remembers(String index) {
    return decided.getIfPresent(index) != null;
  }

  /** How many decisions the memo holds now. */
  long remembered() {
    decided.cleanUp();
    return decided.estimatedSize();
  }

  private boolean evaluate(String index) {
    boolean included = false;
    for (String pattern : patterns) {
      if (pattern.startsWith("-")) {
        if (included && glob(pattern.substring(1), index)) {
          included = false;
        }
      } else if (!included && glob(pattern, index)) {
        included = true;
      }
    }
    return included;
  }

  private static boolean glob(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return String.join(",", patterns);
  }
}
