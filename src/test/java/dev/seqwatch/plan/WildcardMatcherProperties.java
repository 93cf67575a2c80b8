package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The matcher's shortcuts (constants, prefixes, literals between stars found by {@code indexOf},
 * anchored ends walked for {@code ?}, the backtracking scan for a {@code ?} between stars) answer
 * as one regular expression per pattern would, in both case modes: {@code *} any run, {@code ?} one
 * code point, the whole value.
 */
class WildcardMatcherProperties {

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars("abAB*?.").ofMinLength(0).ofMaxLength(7);
  }

  /** Values of letters, dots and, so that {@code ?} is one code point, a pair and a lone surrogate. */
  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of("a", "b", "A", "B", ".", "\uD83D\uDE00", "\uD800").list().ofMaxSize(12)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 2000)
  void answersAsRegularExpressionsWould(@ForAll @Size(min = 1, max = 3) List<@From("patterns") String> patterns,
      @ForAll("values") String value) {
    for (boolean ignoreCase : new boolean[] {false, true}) {
      boolean expected = patterns.stream().anyMatch(pattern -> reference(pattern, ignoreCase).matcher(value).matches());

      boolean actual = new WildcardMatcher(patterns, ignoreCase).test(value);

      assertThat(actual).as("%s %s on %s", ignoreCase ? "like~" : "like", patterns, value).isEqualTo(expected);
    }
  }

  /** The shortcut for whole paths: compared from the end only for a value of the pattern's length. */
  @Example
  void aPatternWithoutStarsMatchesAPairUnderItsQuestionMarkWhateverItsEnd() {
    String pair = "\uD83D\uDE00";
    for (boolean ignoreCase : new boolean[] {false, true}) {
      assertThat(new WildcardMatcher(List.of("?a"), ignoreCase).test(pair + "a")).isTrue();
      assertThat(new WildcardMatcher(List.of("?a"), ignoreCase).test(pair)).isFalse();
      assertThat(new WildcardMatcher(List.of("a?b"), ignoreCase).test("a" + pair + "b")).isTrue();
      assertThat(new WildcardMatcher(List.of("?:\\windows\\system32\\cmd.exe", "?:\\windows\\system32\\net.exe"),
          ignoreCase).test("C:\\windows\\system32\\net.exe")).isTrue();
      assertThat(new WildcardMatcher(List.of("?:\\windows\\system32\\cmd.exe"), ignoreCase)
          .test("C:\\windows\\system32\\cmd.exf")).isFalse();
    }
  }

  @Example
  void aQuestionMarkAtEitherEndIsOneCodePoint() {
    String pair = "\uD83D\uDE00";
    for (boolean ignoreCase : new boolean[] {false, true}) {
      assertThat(new WildcardMatcher(List.of("?"), ignoreCase).test(pair)).isTrue();
      assertThat(new WildcardMatcher(List.of("??"), ignoreCase).test(pair)).isFalse();
      assertThat(new WildcardMatcher(List.of("*??"), ignoreCase).test(pair)).isFalse();
      assertThat(new WildcardMatcher(List.of("*??"), ignoreCase).test("a" + pair)).isTrue();
      assertThat(new WildcardMatcher(List.of("??*"), ignoreCase).test(pair)).isFalse();
      assertThat(new WildcardMatcher(List.of("??*"), ignoreCase).test(pair + "a")).isTrue();
      assertThat(new WildcardMatcher(List.of("?:\\w*"), ignoreCase).test(pair + ":\\w")).isTrue();
      assertThat(new WildcardMatcher(List.of("?*?"), ignoreCase).test(pair)).isFalse();
    }
  }

  private static Pattern reference(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : (ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern).toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), (ignoreCase ? Pattern.CASE_INSENSITIVE : 0) | Pattern.DOTALL);
  }
}
