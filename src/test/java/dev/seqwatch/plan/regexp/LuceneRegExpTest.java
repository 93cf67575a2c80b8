package dev.seqwatch.plan.regexp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Lucene's syntax means where it is not Java's, and what it refuses. */
class LuceneRegExpTest {

  private static boolean matches(String pattern, String value) {
    return LuceneRegExp.compile(List.of(pattern), false).matches(value);
  }

  @ParameterizedTest(name = "{0} on \"{1}\" is {2}")
  @CsvSource(delimiter = ';', value = {
      // no anchors: ^ and $ are characters, and a value matches as a whole
      "^a$          ; ^a$          ; true",
      "^a$          ; a            ; false",
      "b            ; abc          ; false",
      // @ any string, # nothing, \"...\" a literal string
      "@            ; anything     ; true",
      "@x           ; abx          ; true",
      "#            ; ''           ; false",
      "a|#          ; a            ; true",
      "'\"a.*\"'    ; a.*          ; true",
      "'\"a.*\"'    ; abc          ; false",
      // & intersection, ~ complement (Elasticsearch enables Lucene 10's DEPRECATED_COMPLEMENT)
      ".*a.*&.*b.*  ; xbya         ; true",
      ".*a.*&.*b.*  ; xaya         ; false",
      "~(a+)        ; ''           ; true",
      "~(a+)        ; aa           ; false",
      "~(a+)        ; ab           ; true",
      "~a&~b        ; c            ; true",
      "~a&~b        ; b            ; false",
      "a.&.b        ; ab           ; true",
      "a.&.b        ; aa           ; false",
      // () is the empty string
      "a()b         ; ab           ; true",
      // shorthand classes, in and out of brackets
      "\\d+         ; 2024         ; true",
      "\\D         ; 7            ; false",
      "[\\w.]+      ; svc_host.exe ; true",
      "\\s          ; '\t'         ; true",
      "\\S          ; ' '          ; false",
      // an escaped character is itself
      "\\.exe       ; .exe         ; true",
      "\\.exe       ; xexe         ; false",
      "a\\+         ; a+           ; true",
      "\\\\          ; \\            ; true",
      "\\~          ; ~            ; true",
      // numeric intervals: free leading zeros unless both bounds have as many digits
      "<1-10>       ; 7            ; true",
      "<1-10>       ; 007          ; true",
      "<1-10>       ; 10           ; true",
      "<1-10>       ; 11           ; false",
      "<1-10>       ; 0            ; false",
      "<10-1>       ; 5            ; true",
      "<01-10>      ; 01           ; true",
      "<01-10>      ; 1            ; false",
      "<01-10>      ; 010          ; false",
      "<0-255>      ; 256          ; false",
      "<0-255>      ; 199          ; true",
      // a code point outside the BMP is one character
      "a.b          ; a\uD834\uDD1Eb ; true",
  })
  void luceneOperatorsMeanWhatLuceneMakesOfThem(String pattern, String value, boolean expected) {
    assertThat(matches(pattern, value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} (insensitive: {1}) starts with \"{2}\"")
  @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
      "php?[0-9]?\\.?[0-9]{0,2} ; false ; ph",
      "/var/run/\\w+\\.(pid|lock|reboot) ; false ; /var/run/",
      "(ab)c[0-9] ; false ; abc",
      "a{2}b ; false ; aab",
      "x+y ; false ; x",
      "AbC.* ; true ; abc",
      "AbC.* ; false ; abc",
      "\\.ssh/.* ; false ; .ssh/",
      "ab|ac ; false ; ''",
      "ab&ac ; false ; ''",
      "~ab ; false ; ''",
      ".*ab ; false ; ''",
      "[ab]c ; false ; ''",
      "a?b ; false ; ''",
  })
  void literalPrefixIsTheTextEveryMatchStartsWith(String pattern, boolean caseInsensitive, String prefix) {
    assertThat(LuceneRegExp.literalPrefix(pattern, caseInsensitive)).isEqualTo(prefix);
  }

  @Test
  void literalSuffixesAreTheTextsOneOfWhichEveryMatchEndsWith() {
    assertThat(LuceneRegExp.literalSuffixes("/[a-z0-9\\s_\\-\\\\./]+\\s", true))
        .containsExactlyInAnyOrder("\t", "\n", "\r", " ");
    assertThat(LuceneRegExp.literalSuffixes(".*\\.EXE", true)).containsExactly(".exe");
    assertThat(LuceneRegExp.literalSuffixes(".*\\.EXE", false)).containsExactly(".exe");
    assertThat(LuceneRegExp.literalSuffixes("x[ab]c{2}", false)).containsExactlyInAnyOrder("acc", "bcc");
    assertThat(LuceneRegExp.literalSuffixes("[a-z]x", false)).as("a class too large to spell").containsExactly("x");
    assertThat(LuceneRegExp.literalSuffixes("abc", false)).containsExactly("abc");
    assertThat(LuceneRegExp.literalSuffixes("a.*", false)).isEmpty();
    assertThat(LuceneRegExp.literalSuffixes("ab|cb", false)).isEmpty();
    assertThat(LuceneRegExp.literalSuffixes("a(bc)?", false)).isEmpty();
  }

  @Test
  void dotIsAnyCodePointALineBreakToo() {
    assertThat(matches("a.c", "a\nc")).isTrue();
    assertThat(matches(".*", "\r\n")).isTrue();
  }

  @Test
  void caseInsensitiveFoldsAsciiLettersOnly() {
    Dfa folded = LuceneRegExp.compile(List.of("abc[xy]\"q\"é"), true);

    assertThat(folded.matches("ABCYQé")).isTrue();
    assertThat(folded.matches("abcyqÉ")).isFalse();
  }

  @Test
  void caseInsensitiveLeavesRangesAndShorthandsAsWritten() {
    // Lucene folds single characters only: a range is taken as written.
    Dfa range = LuceneRegExp.compile(List.of("[a-c]x"), true);

    assertThat(range.matches("bX")).isTrue();
    assertThat(range.matches("BX")).isFalse();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = ';', value = {
      "(        ; unexpected end of the expression at position 1",
      "a)       ; unexpected ')' at position 1",
      "[ab      ; expected ']' at position 3",
      "a{2,1}   ; the repeat {2,1} has its maximum below its minimum at position 1",
      "a{x}     ; expected a number at position 2",
      "[z-a]    ; the range z-a is backwards at position 4",
      "ab\\     ; a backslash ends the expression at position 3",
      "'\"ab'   ; expected '\"' at position 1",
      "a\\n     ; invalid character class \\n at position 2",
      "<a>      ; <a> is not an interval <n-m> (named automata are not supported) at position 0",
  })
  void invalidPatternsAreRefusedWithWhereAndWhy(String pattern, String message) {
    assertThatThrownBy(() -> LuceneRegExp.compile(List.of(pattern), false))
        .isInstanceOf(LuceneRegExp.InvalidRegExpException.class)
        .hasMessage(message)
        .extracting(e -> ((LuceneRegExp.InvalidRegExpException) e).pattern()).isEqualTo(pattern);
  }

  @Test
  void anExpressionNeedingTooManyStatesIsRefusedAsElasticsearchRefusesIt() {
    // The automaton must remember the last 20 characters: 2^20 states.
    assertThatThrownBy(() -> LuceneRegExp.compile(List.of(".*a.{20}"), false))
        .isInstanceOf(LuceneRegExp.InvalidRegExpException.class)
        .hasMessageContaining("too complex: it needs more than 10000 automaton states");
  }

  @Test
  void aBacktrackingTrapIsAnAutomatonOfAFewStates() {
    // java.util.regex takes about a second for this on a 1,600-character value, and grows with it.
    Dfa trap = LuceneRegExp.compile(List.of("([^ ]+[ ]{3,}[^ ]*){3,}.*"), false);
    String value = ("aaaaaaaa" + " ".repeat(4)).repeat(2) + "b".repeat(100_000);

    assertThat(trap.states()).isLessThan(20);
    assertThat(trap.matches(value)).isFalse();
    assertThat(trap.matches(value + "    c")).isTrue();
  }
}
