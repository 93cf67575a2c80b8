package dev.seqwatch.eql;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns EQL text into tokens, each with the line and column where it starts.
 *
 * <p>Strings follow Elasticsearch EQL: double quotes with backslash escapes for the quote, the
 * backslash, b, f, n, r, t and Unicode code points (backslash, u, then 2 to 8 hex digits in braces),
 * or triple double quotes for raw text without
 * escapes. Single-quoted and {@code ?"..."} strings are legacy Endgame syntax that Elasticsearch
 * refuses, and so do we. A word directly followed by {@code ~} ({@code in~}, {@code like~},
 * {@code regex~}, {@code startsWith~}) is a single word here, as in Elasticsearch's lexer.
 */
final class Lexer {

  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    List<Token> tokens = new ArrayList<>();
    Token token;
    do {
      token = lexer.next();
      tokens.add(token);
    } while (token.type() != TokenType.EOF);
    return tokens;
  }

  private Token next() {
    skipBlanksAndComments();
    int startLine = line;
    int startColumn = column(pos);
    if (pos >= text.length()) {
      return new Token(TokenType.EOF, "", startLine, startColumn);
    }
    char c = text.charAt(pos);
    if (isIdentifierStart(c)) {
      return identifier(startLine, startColumn);
    }
    if (Character.isDigit(c) || c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
      return number(startLine, startColumn);
    }
    switch (c) {
      case '"':
        return string(startLine, startColumn);
      case '`':
        return quotedIdentifier(startLine, startColumn);
      case '\'':
        throw new EqlParseException(startLine, startColumn,
            "single-quoted strings are not EQL in Elasticsearch; use double quotes");
      default:
        return symbol(c, startLine, startColumn);
    }
  }

  private Token symbol(char c, int startLine, int startColumn) {
    char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    TokenType type;
    int length = 1;
    switch (c) {
      case '=':
        type = next == '=' ? TokenType.EQ : TokenType.ASSIGN;
        length = next == '=' ? 2 : 1;
        break;
      case '!':
        if (next == '=') {
          type = TokenType.NEQ;
        } else if (next == '[') {
          type = TokenType.MISSING_OPEN;
        } else {
          throw new EqlParseException(startLine, startColumn, "expected '!=' or '![' but found '!'");
        }
        length = 2;
        break;
      case '<':
        type = next == '=' ? TokenType.LTE : TokenType.LT;
        length = next == '=' ? 2 : 1;
        break;
      case '>':
        type = next == '=' ? TokenType.GTE : TokenType.GT;
        length = next == '=' ? 2 : 1;
        break;
      case ':': type = TokenType.COLON; break;
      case '(': type = TokenType.LPAREN; break;
      case ')': type = TokenType.RPAREN; break;
      case '[': type = TokenType.LBRACKET; break;
      case ']': type = TokenType.RBRACKET; break;
      case ',': type = TokenType.COMMA; break;
      case '|': type = TokenType.PIPE; break;
      case '?': type = TokenType.QUESTION; break;
      case '+': type = TokenType.PLUS; break;
      case '-': type = TokenType.MINUS; break;
      case '*': type = TokenType.STAR; break;
      case '/': type = TokenType.SLASH; break;
      case '%': type = TokenType.PERCENT; break;
      default:
        throw new EqlParseException(startLine, startColumn,
            "unexpected character '" + new String(Character.toChars(text.codePointAt(pos))) + "'");
    }
    String source = text.substring(pos, pos + length);
    pos += length;
    return new Token(type, source, startLine, startColumn);
  }

  private Token identifier(int startLine, int startColumn) {
    int start = pos;
    while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    // As Elasticsearch's TILDE_IDENTIFIER: a '~' right after a word belongs to it (in~, like~,
    // regex~ and the case-insensitive function names such as startsWith~).
    if (pos < text.length() && text.charAt(pos) == '~' && !word.contains(".")) {
      pos++;
      word = word + "~";
    }
    if (word.endsWith(".") && pos < text.length() && text.charAt(pos) == '`') {
      StringBuilder name = new StringBuilder(word).append(quotedSegment(startLine, startColumn));
      qualifiedRest(name, startLine, startColumn);
      return new Token(TokenType.IDENTIFIER, name.toString(), startLine, startColumn);
    }
    if (word.endsWith(".")) {
      throw new EqlParseException(startLine, startColumn + word.length() - 1,
          "expected a field name after '.' in '" + word + "'");
    }
    return new Token(TokenType.IDENTIFIER, word, startLine, startColumn);
  }

  private Token number(int startLine, int startColumn) {
    int start = pos;
    boolean decimal = false;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    // Elasticsearch's DECIMAL_VALUE: 1.5, 1. and .5, each with an optional exponent.
    if (pos < text.length() && text.charAt(pos) == '.') {
      decimal = true;
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        decimal = true;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    return new Token(decimal ? TokenType.DECIMAL : TokenType.INTEGER, text.substring(start, pos),
        startLine, startColumn);
  }

  private Token quotedIdentifier(int startLine, int startColumn) {
    StringBuilder name = new StringBuilder(quotedSegment(startLine, startColumn));
    qualifiedRest(name, startLine, startColumn);
    return new Token(TokenType.QUOTED_IDENTIFIER, name.toString(), startLine, startColumn);
  }

  /** One backquoted name segment at {@code pos}, without its quotes, {@code ``} read as one quote. */
  private String quotedSegment(int startLine, int startColumn) {
    StringBuilder name = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw new EqlParseException(startLine, startColumn, "unterminated quoted field name");
      }
      char c = text.charAt(pos++);
      if (c == '`') {
        if (pos < text.length() && text.charAt(pos) == '`') {
          name.append('`');
          pos++;
        } else {
          break;
        }
      } else {
        name.append(c);
      }
    }
    if (name.length() == 0) {
      throw new EqlParseException(startLine, startColumn, "empty quoted field name");
    }
    return name.toString();
  }

  /**
   * The rest of a qualified name after a quoted segment: Elasticsearch's {@code qualifiedName} joins
   * plain and backquoted segments with dots ({@code a.`0`.b}).
   */
  private void qualifiedRest(StringBuilder name, int startLine, int startColumn) {
    while (pos + 1 < text.length() && text.charAt(pos) == '.'
        && (text.charAt(pos + 1) == '`' || isIdentifierStart(text.charAt(pos + 1)))) {
      name.append('.');
      pos++;
      if (text.charAt(pos) == '`') {
        name.append(quotedSegment(startLine, startColumn));
      } else {
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos)) && text.charAt(pos) != '.') {
          pos++;
        }
        name.append(text, start, pos);
      }
    }
  }

  private Token string(int startLine, int startColumn) {
    if (text.startsWith("\"\"\"", pos)) {
      int end = text.indexOf("\"\"\"", pos + 3);
      if (end < 0) {
        throw new EqlParseException(startLine, startColumn, "unterminated string, expected '\"\"\"'");
      }
      // As in Elasticsearch's grammar ('"""' .*? '"""' '"'? '"'?), up to two quotes after the
      // first closing delimiter still belong to the text.
      for (int extra = 0; extra < 2 && end + 3 < text.length() && text.charAt(end + 3) == '"'; extra++) {
        end++;
      }
      String raw = text.substring(pos + 3, end);
      advanceOver(pos, end + 3);
      return new Token(TokenType.STRING, raw, startLine, startColumn);
    }
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        throw new EqlParseException(startLine, startColumn, "unterminated string, expected '\"'");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\') {
        escape(value);
      } else {
        value.append(c);
        pos++;
      }
    }
    return new Token(TokenType.STRING, value.toString(), startLine, startColumn);
  }

  private void escape(StringBuilder value) {
    int escapeColumn = column(pos);
    if (pos + 1 >= text.length()) {
      throw new EqlParseException(line, escapeColumn, "unterminated escape sequence");
    }
    char e = text.charAt(pos + 1);
    pos += 2;
    switch (e) {
      case '"': value.append('"'); return;
      case '\'': value.append('\''); return;
      case '\\': value.append('\\'); return;
      case 'b': value.append('\b'); return;
      case 'f': value.append('\f'); return;
      case 'n': value.append('\n'); return;
      case 'r': value.append('\r'); return;
      case 't': value.append('\t'); return;
      case 'u': unicodeEscape(value, escapeColumn); return;
      default:
        throw new EqlParseException(line, escapeColumn, "unknown escape sequence '\\" + e + "'");
    }
  }

  private void unicodeEscape(StringBuilder value, int escapeColumn) {
    if (pos >= text.length() || text.charAt(pos) != '{') {
      throw new EqlParseException(line, escapeColumn, "expected '\\u{XXXX}' with 2 to 8 hex digits");
    }
    int close = text.indexOf('}', pos);
    String hex = close < 0 ? "" : text.substring(pos + 1, close);
    if (hex.length() < 2 || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
      throw new EqlParseException(line, escapeColumn, "expected '\\u{XXXX}' with 2 to 8 hex digits");
    }
    long codePoint = Long.parseLong(hex, 16);
    if (codePoint > Character.MAX_CODE_POINT) {
      throw new EqlParseException(line, escapeColumn, "'\\u{" + hex + "}' is not a Unicode code point");
    }
    value.appendCodePoint((int) codePoint);
    pos = close + 1;
  }

  private void skipBlanksAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw new EqlParseException(line, column(pos), "unterminated comment, expected '*/'");
        }
        advanceOver(pos, end + 2);
      } else {
        return;
      }
    }
  }

  /** Moves to {@code end}, counting the newlines between. */
  private void advanceOver(int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    pos = end;
  }

  private int column(int at) {
    return at - lineStart + 1;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.';
  }
}
