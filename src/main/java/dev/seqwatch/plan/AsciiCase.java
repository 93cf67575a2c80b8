package dev.seqwatch.plan;

/**
 * ASCII-only case folding, the folding Elasticsearch 8.x applies for {@code case_insensitive}
 * term and wildcard queries ({@code AutomatonQueries.toCaseInsensitiveChar}: "For now we only work
 * with ASCII characters"). Semantics §2.7. {@link String#equalsIgnoreCase} would also fold
 * non-ASCII letters, such as the long s ({@code ſ}) to {@code S}, which Elasticsearch does not.
 */
final class AsciiCase {

  private static final int HASHED_END = 8;

  private AsciiCase() {
  }

  static char fold(char c) {
    return isCapital(c) ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * {@code s} with its ASCII capitals lowered: {@code s} itself when it has none. Otherwise one copy
   * of its characters, folded from the first capital on, made a string again: event values that
   * the stage index scans for infixes are Windows paths and command lines with capitals, and a
   * {@code StringBuilder} changed a character at a time cost a fifth of the index's selection.
   */
  static String fold(String s) {
    int length = s.length();
    int first = 0;
    while (first < length && !isCapital(s.charAt(first))) {
      first++;
    }
    if (first == length) {
      return s;
    }
    char[] folded = s.toCharArray();
    for (int i = first; i < length; i++) {
      folded[i] = fold(folded[i]);
    }
    return new String(folded);
  }

  private static boolean isCapital(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** Whether {@code value} starts with {@code foldedPrefix}, folding {@code value} as it goes. */
  static boolean startsWith(String value, String foldedPrefix) {
    if (value.length() < foldedPrefix.length()) {
      return false;
    }
    for (int i = 0; i < foldedPrefix.length(); i++) {
      if (fold(value.charAt(i)) != foldedPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} ends with {@code foldedSuffix}, folding {@code value} as it goes. */
  static boolean endsWith(String value, String foldedSuffix) {
    int from = value.length() - foldedSuffix.length();
    if (from < 0) {
      return false;
    }
    for (int i = 0; i < foldedSuffix.length(); i++) {
      if (fold(value.charAt(from + i)) != foldedSuffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A hash of {@code value} as if folded; equal for strings that fold to the same text. It reads the
   * length and at most the first and the last {@value #HASHED_END} characters: lookups hash event
   * values such as command lines and paths, often hundreds of characters long, against every term
   * table of their field, and a table's probe compares whole strings anyway. Terms that differ only
   * in the middle collide and cost a probe each; the answer does not change.
   */
  static int hash(String value) {
    int length = value.length();
    int hash = length;
    if (length <= 2 * HASHED_END) {
      for (int i = 0; i < length; i++) {
        hash = 31 * hash + fold(value.charAt(i));
      }
      return hash;
    }
    for (int i = 0; i < HASHED_END; i++) {
      hash = 31 * hash + fold(value.charAt(i));
    }
    for (int i = length - HASHED_END; i < length; i++) {
      hash = 31 * hash + fold(value.charAt(i));
    }
    return hash;
  }

  static boolean equalsFolded(String value, String folded) {
    if (value.length() != folded.length()) {
      return false;
    }
    for (int i = 0; i < folded.length(); i++) {
      if (fold(value.charAt(i)) != folded.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
