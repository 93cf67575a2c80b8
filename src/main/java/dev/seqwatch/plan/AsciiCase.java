package dev.seqwatch.plan;

/**
 * ASCII-only case folding, the folding Elasticsearch 8.x applies for {@code case_insensitive}
 * term and wildcard queries ({@code AutomatonQueries.toCaseInsensitiveChar}: "For now we only work
 * with ASCII characters"). Semantics §2.7. {@link String#equalsIgnoreCase} would also fold
 * non-ASCII letters, such as the long s ({@code ſ}) to {@code S}, which Elasticsearch does not.
 */
final class AsciiCase {

  private AsciiCase() {
  }

  static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  static String fold(String s) {
    StringBuilder folded = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (folded == null) {
          folded = new StringBuilder(s);
        }
        folded.setCharAt(i, fold(c));
      }
    }
    return folded == null ? s : folded.toString();
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

  /** A hash of {@code value} as if folded; equal for strings that fold to the same text. */
  static int hash(String value) {
    int hash = 0;
    for (int i = 0; i < value.length(); i++) {
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
