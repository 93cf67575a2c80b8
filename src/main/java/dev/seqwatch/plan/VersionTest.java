package dev.seqwatch.plan;

import dev.seqwatch.eql.ComparisonOperator;

/**
 * {@code <}, {@code <=}, {@code >}, {@code >=} on a {@code version} field: a {@code range} query,
 * in semantic-version order ({@link SemVer}).
 */
final class VersionTest extends ValueTest {

  private final ComparisonOperator operator;
  private final SemVer bound;

  VersionTest(ComparisonOperator operator, String bound) {
    this.operator = operator;
    this.bound = new SemVer(bound);
  }

  @Override
  public boolean test(String value) {
    int order = new SemVer(value).compareTo(bound);
    return switch (operator) {
      case LT -> order < 0;
      case LTE -> order <= 0;
      case GT -> order > 0;
      case GTE -> order >= 0;
      default -> throw new IllegalStateException("equality on a version is a term test");
    };
  }

  @Override
  public String toString() {
    return operator.symbol() + " version " + bound;
  }
}
