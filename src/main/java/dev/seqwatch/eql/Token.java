package dev.seqwatch.eql;

/**
 * One lexical token. {@code text} is the decoded value: a string literal without quotes and with
 * escapes resolved, a backquoted identifier without backquotes, otherwise the source text.
 */
record Token(TokenType type, String text, int line, int column) {

  boolean isKeyword(String keyword) {
    return type == TokenType.IDENTIFIER && text.equals(keyword);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (type) {
      case EOF -> "end of query";
      case STRING -> "string \"" + text + "\"";
      case IDENTIFIER, INTEGER, DECIMAL -> "'" + text + "'";
      case QUOTED_IDENTIFIER -> "`" + text + "`";
      default -> "'" + type.display() + "'";
    };
  }
}
