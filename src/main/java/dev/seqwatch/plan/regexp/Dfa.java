package dev.seqwatch.plan.regexp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton for a regular expression, built whole at compile time from the
 * expression's derivatives, so that matching a value reads each of its code points once, in
 * constant time, whatever the expression: no backtracking, so no value can make a test slow
 * (a backtracking engine takes a second on {@code ([^ ]+[ ]{3,}[^ ]*){3,}.*} over a command line
 * of 1,600 characters). This is also how Lucene runs a {@code regexp} query. Immutable and
 * thread-safe once built.
 */
public final class Dfa {

  /** Elasticsearch's default {@code max_determinized_states} for a {@code regexp} query. */
  public static final int MAX_STATES = 10_000;

  private static final int DEAD = 0;
  private static final int REPLACEMENT = 0xFFFD;

  /** {@code ascii[state * 128 + c]}: the next state on ASCII {@code c}. */
  private final char[] ascii;
  /** Per state, the code points that start its classes ({@link Terms#boundaries}) and each class's next state. */
  private final int[][] starts;
  private final char[][] targets;
  private final boolean[] accepting;
  /** States from which every continuation is accepted: matching stops there. */
  private final boolean[] acceptsAll;
  private final int start;

  private Dfa(char[] ascii, int[][] starts, char[][] targets, boolean[] accepting, boolean[] acceptsAll, int start) {
    this.ascii = ascii;
    this.starts = starts;
    this.targets = targets;
    this.accepting = accepting;
    this.acceptsAll = acceptsAll;
    this.start = start;
  }

  /**
   * The automaton of {@code term}.
   *
   * @throws TooComplexException past {@code maxStates} states, where Elasticsearch's search fails
   */
  static Dfa of(Terms terms, Term term, int maxStates) {
    List<Term> states = new ArrayList<>();
    Map<Term, Integer> numbers = new HashMap<>();
    states.add(terms.empty); // state 0: nothing can match any more
    numbers.put(terms.empty, DEAD);
    List<int[]> starts = new ArrayList<>();
    List<char[]> targets = new ArrayList<>();
    int first = number(term, states, numbers, maxStates);
    for (int state = 0; state < states.size(); state++) {
      Term at = states.get(state);
      int[] boundaries = terms.boundaries(at);
      char[] next = new char[boundaries.length];
      for (int i = 0; i < boundaries.length; i++) {
        next[i] = (char) number(terms.derivative(at, boundaries[i]), states, numbers, maxStates);
      }
      starts.add(boundaries);
      targets.add(next);
    }
    int count = states.size();
    char[] ascii = new char[count * 128];
    boolean[] accepting = new boolean[count];
    boolean[] acceptsAll = new boolean[count];
    for (int state = 0; state < count; state++) {
      int[] boundaries = starts.get(state);
      char[] next = targets.get(state);
      for (int c = 0, segment = 0; c < 128; c++) {
        while (segment + 1 < boundaries.length && boundaries[segment + 1] <= c) {
          segment++;
        }
        ascii[state * 128 + c] = next[segment];
      }
      accepting[state] = states.get(state).nullable;
      acceptsAll[state] = states.get(state) == terms.anyString;
    }
    return new Dfa(ascii, starts.toArray(int[][]::new), targets.toArray(char[][]::new), accepting, acceptsAll, first);
  }

  private static int number(Term term, List<Term> states, Map<Term, Integer> numbers, int maxStates) {
    Integer known = numbers.get(term);
    if (known != null) {
      return known;
    }
    if (states.size() > maxStates) {
      throw new TooComplexException(maxStates);
    }
    states.add(term);
    numbers.put(term, states.size() - 1);
    return states.size() - 1;
  }

  /** Whether the whole of {@code value} is matched. */
  public boolean matches(String value) {
    int state = start;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if (acceptsAll[state]) {
        return true;
      }
      int c = value.charAt(i);
      if (c < 128) {
        state = ascii[state << 7 | c];
      } else {
        if (Character.isHighSurrogate((char) c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
          c = Character.toCodePoint((char) c, value.charAt(++i));
        } else if (Character.isSurrogate((char) c)) {
          c = REPLACEMENT; // as Lucene's UTF-8 conversion stores an unpaired surrogate
        }
        state = next(state, c);
      }
      if (state == DEAD) {
        return false;
      }
    }
    return accepting[state];
  }

  private int next(int state, int c) {
    int[] boundaries = starts[state];
    int at = Arrays.binarySearch(boundaries, c);
    return targets[state][at >= 0 ? at : -at - 2];
  }

  int states() {
    return accepting.length;
  }

  /** The expression needs more states than allowed; Elasticsearch refuses such a query too. */
  public static final class TooComplexException extends IllegalArgumentException {
    TooComplexException(int maxStates) {
      super("it needs more than " + maxStates + " automaton states");
    }
  }
}
