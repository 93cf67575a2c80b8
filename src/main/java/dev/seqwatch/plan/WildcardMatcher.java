package dev.seqwatch.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches a value against a list of wildcard patterns at once: {@code *} is any run of characters,
 * {@code /} included, and {@code ?} exactly one code point; the whole value must match. There is no
 * escape: Elasticsearch's {@code toLikePattern} turns every {@code *} and {@code ?} into a
 * wildcard (semantics §2.6).
 *
 * <p>Patterns are sorted once by shape, because rule lists are mostly of three shapes: constants
 * without a wildcard go to a hash set, {@code literal*} patterns become a prefix test, and patterns
 * of literals between stars ({@code *rundll32*.dll}, {@code ?:\\Windows\\*.exe}) are found with
 * {@link String#indexOf}, which the JVM vectorizes, on the value folded once per test, and only if
 * the pattern's anchored ends match. Only patterns with a {@code ?} between two stars run the
 * general matcher, a greedy scan that backtracks to the last {@code *}.
 */
final class WildcardMatcher extends ValueTest {

  private final boolean ignoreCase;
  /**
   * The patterns without a wildcard, or null if there are none: a null check, where asking an empty
   * set for its size read one more object per test (1.5 % of matching with the whole rule set).
   */
  private final TermSet exact;
  private final String[] prefixes;
  private final Segments[] segmented;
  private final String[] patterns;
  private final String description;

  WildcardMatcher(List<String> sources, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    List<String> constants = new ArrayList<>();
    List<String> prefixList = new ArrayList<>();
    List<Segments> segmentList = new ArrayList<>();
    List<String> general = new ArrayList<>();
    for (String source : sources) {
      String pattern = ignoreCase ? AsciiCase.fold(source) : source;
      int star = pattern.indexOf('*');
      boolean hasQuestion = pattern.indexOf('?') >= 0;
      if (star < 0 && !hasQuestion) {
        constants.add(source);
      } else if (!hasQuestion && star == pattern.length() - 1) {
        prefixList.add(pattern.substring(0, star));
      } else if (Segments.questionsAnchored(pattern)) {
        segmentList.add(Segments.of(pattern));
      } else {
        general.add(pattern);
      }
    }
    this.exact = constants.isEmpty() ? null : new TermSet(constants, ignoreCase);
    this.prefixes = prefixList.toArray(String[]::new);
    this.segmented = segmentList.toArray(Segments[]::new);
    this.patterns = general.toArray(String[]::new);
    this.description = (ignoreCase ? "like~ " : "like ") + sources;
  }

  static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  /**
   * Whether a surrogate pair, one code point and so one {@code ?}, starts at {@code at}: what
   * {@link String#codePointAt} tells, without building the code point, which cost a profile of the
   * whole rule set 2 % of its request threads here. {@code StageIndex} walks its keys' {@code ?}
   * with it too.
   */
  static boolean isPairAt(String value, int at) {
    return Character.isHighSurrogate(value.charAt(at)) && at + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(at + 1));
  }

  @Override
  public boolean test(String value) {
    for (String prefix : prefixes) {
      if (ignoreCase ? AsciiCase.startsWith(value, prefix) : value.startsWith(prefix)) {
        return true;
      }
    }
    if (exact != null && exact.test(value)) {
      return true;
    }
    String folded = ignoreCase ? null : value;
    for (Segments segments : segmented) {
      // The anchored ends are compared folding as they go: most values fail there, and a value
      // with capitals (Windows paths) is folded into a copy only for a pattern with a middle.
      if (value.length() < segments.minimumLength() || value.length() > segments.maximumLength()
          || !segments.mayMatchFromTheEnd(value, ignoreCase)) {
        continue;
      }
      // The tail first: values and patterns are mostly paths, which differ at their file names.
      // Head and tail must not overlap: the tail starts at or after where the head ends.
      int limit = segments.tailStart(value, ignoreCase);
      int from = limit < 0 ? -1 : segments.headEnd(value, ignoreCase);
      if (from < 0 || limit < from) {
        continue;
      }
      if (segments.middle().length == 0) {
        return true;
      }
      folded = folded != null ? folded : AsciiCase.fold(value);
      if (segments.middleFits(folded, from, limit)) {
        return true;
      }
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

  /**
   * A pattern whose {@code ?} are all in its anchored ends: the literal before the first star is
   * anchored at the start, the one after the last star at the end (a pattern without a star is all
   * head, and must end where the value does), and each literal between is found left to right
   * after the previous. Taking the leftmost occurrence of each is never wrong: it leaves the most
   * room for the rest. A {@code ?} in an end stands for one code point, so the ends are walked
   * rather than compared as strings; that keeps the common {@code ?:\\Windows\\*} of Windows
   * rules out of the backtracking scan, which a {@code ?} between stars still needs.
   */
  private record Segments(String head, String[] middle, String tail, boolean starred, int minimumLength,
      int maximumLength) {

    static boolean questionsAnchored(String pattern) {
      int first = pattern.indexOf('*');
      int last = pattern.lastIndexOf('*');
      int question = pattern.indexOf('?', first + 1);
      return first < 0 || question < 0 || question > last;
    }

    static Segments of(String pattern) {
      if (pattern.indexOf('*') < 0) {
        // Without a star the length is fixed, give or take a surrogate pair per ?: most values of
        // a list of exact paths with a drive wildcard are told apart by their length alone.
        int questions = 0;
        for (int i = 0; i < pattern.length(); i++) {
          questions += pattern.charAt(i) == '?' ? 1 : 0;
        }
        return new Segments(pattern, new String[0], "", false, pattern.length(), pattern.length() + questions);
      }
      String[] parts = pattern.split("\\*", -1);
      List<String> middle = new ArrayList<>();
      int length = parts[0].length() + parts[parts.length - 1].length();
      for (int i = 1; i < parts.length - 1; i++) {
        if (!parts[i].isEmpty()) {
          middle.add(parts[i]);
          length += parts[i].length();
        }
      }
      return new Segments(parts[0], middle.toArray(String[]::new), parts[parts.length - 1], true, length,
          Integer.MAX_VALUE);
    }

    /**
     * False when a pattern without a star cannot match {@code value} for a character its end
     * disagrees on. Such patterns are mostly whole paths ({@code ?:\\Windows\\System32\\x.exe})
     * that share a long start, so comparing from the start walks that start for every pattern of a
     * list. From the end, aligned, is exact only for a value of the pattern's length: then no
     * {@code ?} can stand for a surrogate pair, since the literals take one character each, so a
     * match compares every literal at its own position. Other values, and starred patterns, whose
     * tail {@link #tailStart} compares first, pass.
     */
    boolean mayMatchFromTheEnd(String value, boolean ignoreCase) {
      if (starred || value.length() != head.length()) {
        return true;
      }
      for (int i = head.length() - 1; i >= 0; i--) {
        char expected = head.charAt(i);
        if (expected != '?' && (ignoreCase ? AsciiCase.fold(value.charAt(i)) : value.charAt(i)) != expected) {
          return false;
        }
      }
      return true;
    }

    /** Where the head ends in {@code value}, or -1 when the value does not start with it. */
    int headEnd(String value, boolean ignoreCase) {
      int v = 0;
      for (int i = 0; i < head.length(); i++) {
        if (v >= value.length()) {
          return -1;
        }
        char expected = head.charAt(i);
        if (expected == '?') {
          v += isPairAt(value, v) ? 2 : 1;
        } else if ((ignoreCase ? AsciiCase.fold(value.charAt(v)) : value.charAt(v)) == expected) {
          v++;
        } else {
          return -1;
        }
      }
      return starred || v == value.length() ? v : -1;
    }

    /** Where the tail starts in {@code value}, or -1 when the value does not end with it. */
    int tailStart(String value, boolean ignoreCase) {
      int v = value.length();
      for (int i = tail.length() - 1; i >= 0; i--) {
        if (v <= 0) {
          return -1;
        }
        char expected = tail.charAt(i);
        if (expected == '?') {
          v -= v >= 2 && isPairAt(value, v - 2) ? 2 : 1;
        } else if ((ignoreCase ? AsciiCase.fold(value.charAt(v - 1)) : value.charAt(v - 1)) == expected) {
          v--;
        } else {
          return -1;
        }
      }
      return v;
    }

    /** Whether the middle literals are found in order in {@code [from, limit)} of {@code value}. */
    boolean middleFits(String value, int from, int limit) {
      for (String literal : middle) {
        int at = value.indexOf(literal, from);
        if (at < 0 || at + literal.length() > limit) {
          return false;
        }
        from = at + literal.length();
      }
      return true;
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
