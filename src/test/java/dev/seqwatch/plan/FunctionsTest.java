package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.eql.ArithmeticOperator;
import org.junit.jupiter.api.Test;

/** The processors one value at a time: null in gives null out, as Elasticsearch's processors do. */
class FunctionsTest {

  @Test
  void aNullInputGivesNull() {
    assertThat(Functions.between(null, "a", "b", false, false)).isNull();
    assertThat(Functions.concat(new Object[] {"a", null})).isNull();
    assertThat(Functions.endsWith(null, "a", false)).isNull();
    assertThat(Functions.endsWith("a", null, false)).isNull();
    assertThat(Functions.indexOf(null, "a", null, false)).isNull();
    assertThat(Functions.indexOf("a", null, null, false)).isNull();
    assertThat(Functions.length(null)).isNull();
    assertThat(Functions.number(null, null)).isNull();
    assertThat(Functions.startsWith(null, "a", true)).isNull();
    assertThat(Functions.stringContains(null, "a", false)).isNull();
    assertThat(Functions.substring(null, 0, 1)).isNull();
    assertThat(Arithmetics.apply(ArithmeticOperator.ADD, null, 1)).isNull();
    assertThat(Arithmetics.negate(null)).isNull();
  }

  @Test
  void betweenNeedsItsBoundsAndKeepsTheInputWhenABoundIsEmpty() {
    assertThatThrownBy(() -> Functions.between("abc", null, "c", false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Functions.between("abc", "", "c", false, false)).isEqualTo("abc");
    assertThat(Functions.between("", "a", "c", false, false)).isEmpty();
  }

  @Test
  void concatWritesEachValueAsItsText() {
    assertThat(Functions.concat(new Object[] {"a", 1, 1.0, true})).isEqualTo("a11.0true");
    assertThat(Functions.concat(new Object[] {})).isEmpty();
  }

  @Test
  void numberReadsLongsThenDoublesAndHexWithItsPrefix() {
    assertThat(Functions.number("42", null)).isEqualTo(42L);
    assertThat(Functions.number("4.5", null)).isEqualTo(4.5);
    assertThat(Functions.number("0xff", null)).isEqualTo(255L);
    assertThat(Functions.number("0xff", 16)).isEqualTo(255L);
    assertThat(Functions.number("ff", 16)).isEqualTo(255L);
    assertThat(Functions.number("101", 2)).isEqualTo(5L);
    assertThatThrownBy(() -> Functions.number("0xff", 10)).hasMessage("Unable to convert [0xff] to number of base [10]");
  }

  @Test
  void arithmeticPromotesAsJavaDoesAndFailsOnIntegerOverflowAndZeroDivisors() {
    assertThat(Arithmetics.apply(ArithmeticOperator.DIVIDE, 7, 2)).isEqualTo(3);
    assertThat(Arithmetics.apply(ArithmeticOperator.DIVIDE, 7L, 2)).isEqualTo(3L);
    assertThat(Arithmetics.apply(ArithmeticOperator.DIVIDE, 7, 2.0)).isEqualTo(3.5);
    assertThat(Arithmetics.apply(ArithmeticOperator.MODULO, -7, 3)).isEqualTo(-1);
    assertThat(Arithmetics.apply(ArithmeticOperator.DIVIDE, 1.0, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> Arithmetics.apply(ArithmeticOperator.ADD, Integer.MAX_VALUE, 1)).hasMessage("integer overflow");
    assertThatThrownBy(() -> Arithmetics.apply(ArithmeticOperator.MULTIPLY, Long.MAX_VALUE, 2)).hasMessage("long overflow");
    assertThatThrownBy(() -> Arithmetics.apply(ArithmeticOperator.MODULO, 1L, 0)).hasMessage("/ by zero");
    assertThatThrownBy(() -> Arithmetics.negate(Long.MIN_VALUE)).hasMessage("long overflow");
  }

  @Test
  void substringSlicesAsPythonDoes() {
    assertThat(Functions.substring("hello", -10, 2)).isEqualTo("he");
    assertThat(Functions.substring("hello", 1, -10)).isEmpty();
    assertThat(Functions.substring("hello", 2, null)).isEqualTo("llo");
  }

  @Test
  void caseInsensitiveFormsLowerCaseBeyondAscii() {
    assertThat(Functions.startsWith("ÉCOLE", "é", true)).isTrue();
    assertThat(Functions.indexOf("xÉ", "é", null, true)).isEqualTo(1);
  }

  @Test
  void versionsOrderBySemanticVersionPrecedence() {
    assertThat(new SemVer("1.0.0-alpha").compareTo(new SemVer("1.0.0-alpha.1"))).isNegative();
    assertThat(new SemVer("1.0.0-alpha.beta").compareTo(new SemVer("1.0.0-beta"))).isNegative();
    assertThat(new SemVer("1.0.0-beta.2").compareTo(new SemVer("1.0.0-beta.11"))).isNegative();
    assertThat(new SemVer("1.0.0-rc.1").compareTo(new SemVer("1.0.0"))).isNegative();
    assertThat(new SemVer("1.9.0").compareTo(new SemVer("1.10.0"))).isNegative();
    assertThat(new SemVer("99.0.0").compareTo(new SemVer("abc"))).isNegative();
    assertThat(new SemVer("1.0.0+b1").compareTo(new SemVer("1.0.0+b1"))).isZero();
  }
}
