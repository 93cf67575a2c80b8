package dev.seqwatch.eql;

/** The arithmetic operators of EQL, and the functions that name them ({@code add}, ...). */
public enum ArithmeticOperator {
  ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

  private final String symbol;

  ArithmeticOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
