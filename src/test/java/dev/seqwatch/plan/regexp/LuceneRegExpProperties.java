package dev.seqwatch.plan.regexp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * On the syntax Lucene's {@code RegExp} and {@code java.util.regex} share (characters, {@code .},
 * classes and negated classes with ranges, groups, {@code | ? * + {n} {n,} {n,m}}), the automaton
 * answers as Java's backtracking matcher does with {@code DOTALL} (Lucene's {@code .} is any code
 * point), in both case modes (both fold ASCII only; ranges aside, which Lucene does not fold), on
 * values that mix ASCII, line breaks,
 * non-ASCII letters and a code point outside the BMP.
 */
class LuceneRegExpProperties {

  private static final String[] ATOMS = {"a", "b", "A", "B", "é", "É", "\uD834\uDD1E", ".", "\\.", "\n", "[ab]",
      "[^a]", "[a-c]", "[^a-bé]", "[A-Z]", "\\d", "\\w", "\\s", "\\D", "0", "7"};

  @Provide
  Arbitrary<String> patterns() {
    return term(3);
  }

  private Arbitrary<String> term(int depth) {
    Arbitrary<String> atom = Arbitraries.of(ATOMS);
    Arbitrary<String> repeated = Combinators.combine(atom, Arbitraries.of("", "", "?", "*", "+", "{2}", "{1,}", "{0,2}",
        "{1,3}")).as(String::concat);
    if (depth == 0) {
      return repeated;
    }
    Arbitrary<String> sequence = term(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
    Arbitrary<String> alternation = Combinators.combine(term(depth - 1), term(depth - 1)).as((a, b) -> a + "|" + b);
    Arbitrary<String> group = Combinators.combine(Arbitraries.oneOf(sequence, alternation), Arbitraries.of("", "*", "?",
        "+", "{1,2}")).as((inner, suffix) -> "(" + inner + ")" + suffix);
    return Arbitraries.oneOf(repeated, sequence, alternation, group);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of("a", "b", "A", "B", "é", "É", "\uD834\uDD1E", ".", "\n", "0", "7", " ", "_", "c")
        .list().ofMaxSize(8).map(parts -> String.join("", parts));
  }

  @Property(tries = 3000)
  void answersAsJavaRegexWouldOnTheCommonSyntax(@ForAll("patterns") String pattern, @ForAll("values") String value) {
    for (boolean ignoreCase : new boolean[] {false, true}) {
      if (ignoreCase && pattern.contains("-")) {
        continue; // Java folds ranges, Lucene only single characters: LuceneRegExpTest covers that
      }
      int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
      boolean expected = Pattern.compile(pattern, flags).matcher(value).matches();

      boolean actual = LuceneRegExp.compile(List.of(pattern), ignoreCase).matches(value);

      assertThat(actual).as("%s %s on %s", ignoreCase ? "regex~" : "regex", pattern, value).isEqualTo(expected);
    }
  }

  /**
   * What the stage index keys a regex by: every value the pattern matches starts with it,
   * ASCII-folded. Checked on every string of up to three of the atoms' characters, so that values
   * the pattern matches are common, not left to chance.
   */
  @Property(tries = 300)
  void everyMatchedValueStartsWithTheLiteralPrefix(@ForAll("patterns") String pattern) {
    for (boolean ignoreCase : new boolean[] {false, true}) {
      String prefix = LuceneRegExp.literalPrefix(pattern, ignoreCase);
      Dfa dfa = LuceneRegExp.compile(List.of(pattern), ignoreCase);
      for (String value : SHORT_VALUES) {
        if (dfa.matches(value)) {
          assertThat(asciiLower(value)).as("%s on %s", pattern, value).startsWith(prefix);
        }
      }
    }
  }

  @Property(tries = 300)
  void everyMatchedValueEndsWithOneOfTheLiteralSuffixes(@ForAll("patterns") String pattern) {
    for (boolean ignoreCase : new boolean[] {false, true}) {
      Set<String> suffixes = LuceneRegExp.literalSuffixes(pattern, ignoreCase);
      Dfa dfa = LuceneRegExp.compile(List.of(pattern), ignoreCase);
      for (String value : SHORT_VALUES) {
        if (dfa.matches(value) && !suffixes.isEmpty()) {
          assertThat(suffixes).as("%s on %s", pattern, value).anyMatch(asciiLower(value)::endsWith);
        }
      }
    }
  }

  private static final List<String> SHORT_VALUES = shortValues();

  private static List<String> shortValues() {
    String[] letters = {"a", "b", "A", "B", "0", "7", ".", "é", "\n", "_"};
    List<String> values = new ArrayList<>(List.of(""));
    int from = 0;
    for (int length = 1; length <= 3; length++) {
      int to = values.size();
      for (int i = from; i < to; i++) {
        for (String letter : letters) {
          values.add(values.get(i) + letter);
        }
      }
      from = to;
    }
    return List.copyOf(values);
  }

  private static String asciiLower(String value) {
    StringBuilder folded = new StringBuilder(value.length());
    value.chars().forEach(c -> folded.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
    return folded.toString();
  }

  @Property(tries = 500)
  void severalPatternsMatchWhenAnyDoes(@ForAll("patterns") String first, @ForAll("patterns") String second,
      @ForAll("values") String value) {
    boolean expected = LuceneRegExp.compile(List.of(first), false).matches(value)
        || LuceneRegExp.compile(List.of(second), false).matches(value);

    assertThat(LuceneRegExp.compile(List.of(first, second), false).matches(value)).isEqualTo(expected);
  }
}
