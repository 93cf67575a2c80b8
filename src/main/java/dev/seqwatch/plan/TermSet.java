package dev.seqwatch.plan;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Exact membership in a set of keyword values, optionally ASCII case-insensitive: {@code ==},
 * {@code in}, {@code in~}, and {@code :} constants without wildcards (semantics §2.2, §2.4, §2.5).
 *
 * <p>The case-insensitive form is an open-addressing table of folded strings probed with a folding
 * hash, so a lookup never builds a lower-cased copy of the event's value.
 */
final class TermSet extends ValueTest {

  private final boolean ignoreCase;
  private final String[] table;
  private final int mask;
  private final Set<String> terms;
  private final TermLengths lengths;

  TermSet(Collection<String> values, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    Set<String> unique = new LinkedHashSet<>();
    for (String value : values) {
      unique.add(ignoreCase ? AsciiCase.fold(value) : value);
    }
    this.terms = Set.copyOf(unique);
    this.lengths = new TermLengths(unique);
    int capacity = Integer.highestOneBit(Math.max(4, unique.size() * 4) - 1) << 1;
    this.table = new String[capacity];
    this.mask = capacity - 1;
    for (String term : unique) {
      int i = hash(term) & mask;
      while (table[i] != null) {
        i = (i + 1) & mask;
      }
      table[i] = term;
    }
  }

  private int hash(String value) {
    int h = ignoreCase ? AsciiCase.hash(value) : value.hashCode();
    return h ^ (h >>> 16);
  }

  @Override
  public boolean test(String value) {
    if (!lengths.admits(value.length())) {
      return false;
    }
    for (int i = hash(value) & mask; ; i = (i + 1) & mask) {
      String term = table[i];
      if (term == null) {
        return false;
      }
      if (ignoreCase ? AsciiCase.equalsFolded(value, term) : term.equals(value)) {
        return true;
      }
    }
  }

  /** The terms, folded when the set ignores case. */
  Set<String> terms() {
    return terms;
  }

  boolean ignoreCase() {
    return ignoreCase;
  }

  @Override
  public String toString() {
    return (ignoreCase ? "in~ " : "in ") + terms.stream().sorted().toList();
  }
}
