package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Folding lowers exactly the ASCII capitals, character by character, and leaves every other
 * character as it is: non-ASCII letters and surrogate halves included, which Elasticsearch's
 * case-insensitive queries do not fold either (semantics §2.7).
 */
class AsciiCaseProperties {

  @Property(tries = 1000)
  void foldingLowersTheAsciiCapitalsAndNothingElse(@ForAll("texts") String text) {
    String folded = AsciiCase.fold(text);
    assertThat(folded).hasSameSizeAs(text);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char expected = c >= 'A' && c <= 'Z' ? Character.toLowerCase(c) : c;
      assertThat(folded.charAt(i)).as("character %d of %s", i, text).isEqualTo(expected);
    }
    assertThat(AsciiCase.equalsFolded(text, folded)).isTrue();
    assertThat(AsciiCase.hash(text)).isEqualTo(AsciiCase.hash(folded));
  }

  @Property(tries = 200)
  void aTextWithoutCapitalsIsItsOwnFolding(@ForAll("lowerTexts") String text) {
    assertThat(AsciiCase.fold(text)).isSameAs(text);
  }

  @Example
  void lettersOutsideAsciiKeepTheirCase() {
    assertThat(AsciiCase.fold("C:\\Users\\ÅSA\\ſ\u212A.EXE")).isEqualTo("c:\\users\\Åsa\\ſ\u212A.exe");
  }

  /** Capitals anywhere, among lower-case, non-ASCII (Latin-1 and beyond) and surrogate characters. */
  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("aZ:\\.ÅéſK\u212A\uD83D\uDE00").withCharRange('A', 'Z').ofMaxLength(80);
  }

  @Provide
  Arbitrary<String> lowerTexts() {
    return Arbitraries.strings().withChars("az:\\.éå\u212A\uD83D").ofMaxLength(80);
  }
}
