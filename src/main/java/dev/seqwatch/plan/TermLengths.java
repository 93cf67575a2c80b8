package dev.seqwatch.plan;

import java.util.Collection;

/**
 * The lengths of a set of terms, so that a lookup can reject a value of another length before it
 * hashes it and probes the table. Event values often have a length no term of the table has (a
 * command line against a list of process names), and the length is free. ASCII folding keeps the
 * length, so the gate holds for {@code in~} and folded tables as well.
 */
final class TermLengths {

  private final long shortLengths;
  private final int maximum;

  TermLengths(Collection<String> terms) {
    long lengths = 0;
    int longest = -1;
    for (String term : terms) {
      if (term.length() < Long.SIZE) {
        lengths |= 1L << term.length();
      }
      longest = Math.max(longest, term.length());
    }
    this.shortLengths = lengths;
    this.maximum = longest;
  }

  /** Whether some term has this length; a length of 64 or more is only checked against the longest. */
  boolean admits(int length) {
    return length < Long.SIZE ? (shortLengths & (1L << length)) != 0 : length <= maximum;
  }
}
