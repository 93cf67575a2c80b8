package dev.seqwatch.eql;

/** The comparison operators of EQL. */
public enum ComparisonOperator {
  EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

  private final String symbol;

  ComparisonOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
