package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The length gate never turns away a term: a value of a term's length always passes, long ones
 * included, so a table behind the gate answers as the set of its terms does.
 */
class TermLengthsProperties {

  @Property(tries = 500)
  void aTermsLengthIsAlwaysAdmitted(@ForAll("termSets") Set<String> terms, @ForAll("texts") String value) {
    TermLengths lengths = new TermLengths(terms);
    for (String term : terms) {
      assertThat(lengths.admits(term.length())).as("%d characters", term.length()).isTrue();
    }
    boolean noTermOfItsLength = terms.stream().noneMatch(term -> term.length() == value.length());
    if (value.length() < Long.SIZE && noTermOfItsLength) {
      assertThat(lengths.admits(value.length())).as("a short length no term has").isFalse();
    }
  }

  @Property(tries = 500)
  void aTermSetAnswersAsItsTerms(@ForAll("termSets") Set<String> terms, @ForAll("texts") String value) {
    assertThat(new TermSet(terms, false).test(value)).isEqualTo(terms.contains(value));
    List<String> folded = terms.stream().map(AsciiCase::fold).toList();
    assertThat(new TermSet(terms, true).test(value)).isEqualTo(folded.contains(AsciiCase.fold(value)));
  }

  @Provide
  Arbitrary<Set<String>> termSets() {
    return texts().set().ofMaxSize(8);
  }

  /**
   * Lengths on both sides of where the gate stops keeping one bit per length (64) and well past it,
   * from a small alphabet so that values meet terms.
   */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(61, 66), Arbitraries.of(100, 200));
    return length.flatMap(n -> Arbitraries.strings().withChars("aAb").ofLength(n));
  }
}
