package dev.seqwatch.plan;

import dev.seqwatch.eql.ComparisonOperator;
import dev.seqwatch.event.Timestamps;

/**
 * {@code ==}, {@code <}, {@code <=}, {@code >}, {@code >=} on a {@code date} field: the value and the
 * constant are both read as instants (ISO-8601 or epoch milliseconds, as the default
 * {@code strict_date_optional_time||epoch_millis} format reads them) and compared in milliseconds,
 * as a {@code term} or {@code range} query on a date field does. A value that is not a date matches
 * nothing: Elasticsearch would not have indexed the document.
 */
final class DateTest extends ValueTest {

  private final ComparisonOperator operator;
  private final long millis;

  DateTest(ComparisonOperator operator, long millis) {
    this.operator = operator;
    this.millis = millis;
  }

  @Override
  public boolean test(String value) {
    long parsed = Timestamps.parseMillis(value);
    if (parsed == Timestamps.INVALID) {
      return false;
    }
    int order = Long.compare(parsed, millis);
    return switch (operator) {
      case EQ -> order == 0;
      case LT -> order < 0;
      case LTE -> order <= 0;
      case GT -> order > 0;
      case GTE -> order >= 0;
      case NEQ -> throw new IllegalStateException("!= is compiled as not ==");
    };
  }

  @Override
  public String toString() {
    return operator.symbol() + " date " + millis;
  }
}
