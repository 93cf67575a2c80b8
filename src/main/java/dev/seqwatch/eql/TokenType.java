package dev.seqwatch.eql;

/** Lexical classes of EQL; keywords are {@link #IDENTIFIER}s the parser recognises by text. */
enum TokenType {
  IDENTIFIER("identifier"),
  QUOTED_IDENTIFIER("quoted identifier"),
  STRING("string"),
  INTEGER("number"),
  DECIMAL("number"),
  EQ("=="),
  NEQ("!="),
  LT("<"),
  LTE("<="),
  GT(">"),
  GTE(">="),
  ASSIGN("="),
  COLON(":"),
  LPAREN("("),
  RPAREN(")"),
  LBRACKET("["),
  RBRACKET("]"),
  MISSING_OPEN("!["),
  COMMA(","),
  PIPE("|"),
  QUESTION("?"),
  PLUS("+"),
  MINUS("-"),
  STAR("*"),
  SLASH("/"),
  PERCENT("%"),
  EOF("end of query");

  private final String display;

  TokenType(String display) {
    this.display = display;
  }

  String display() {
    return display;
  }
}
