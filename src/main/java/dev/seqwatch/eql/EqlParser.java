package dev.seqwatch.eql;

import dev.seqwatch.eql.Expression.And;
import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.Constant;
import dev.seqwatch.eql.Expression.InList;
import dev.seqwatch.eql.Expression.Not;
import dev.seqwatch.eql.Expression.Or;
import dev.seqwatch.eql.Expression.PatternMatch;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.eql.Query.Sequence;
import dev.seqwatch.eql.Query.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses EQL text into a {@link Query}. A hand-written recursive descent parser over the tokens of
 * {@link Lexer}: one method per grammar rule, no backtracking.
 *
 * <pre>
 * statement  = query EOF                                  ("|" pipes: not supported yet)
 * query      = sequence | eventQuery                      ("sample", "join": not supported yet)
 * sequence   = "sequence" [ "by" fields [ with ] | with [ "by" fields ] ] stage { stage }
 *              [ "until" stage ]                          (two or more stages once runs are expanded;
 *                                                          one not missing; maxspan if any is missing)
 * with       = "with" "maxspan" "=" INTEGER unit          (unit: ms | s | m | h | d)
 * stage      = ( "[" | "![" ) eventQuery "]" [ "by" fields ] [ "with" "runs" "=" INTEGER ]
 * eventQuery = ( "any" | IDENTIFIER | STRING ) "where" expression
 * fields     = field { "," field }
 * expression = andExpr { "or" andExpr }
 * andExpr    = notExpr { "and" notExpr }
 * notExpr    = "not" notExpr | predicate
 * predicate  = "(" expression ")" | "true" | "false" | field operation
 * operation  = compareOp literal
 *            | [ "not" ] ( "in" | "in~" ) "(" literal { "," literal } ")"
 *            | ( ":" | "like" | "like~" | "regex" | "regex~" ) ( literal | "(" literal { "," literal } ")" )
 * compareOp  = "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * literal    = STRING | [ "-" ] ( INTEGER | DECIMAL ) | "true" | "false" | "null"
 * field      = [ "?" ] ( IDENTIFIER | QUOTED_IDENTIFIER )
 * </pre>
 *
 * <p>Precedence, tightest first: {@code not}, {@code and}, {@code or}, as in Elasticsearch's
 * grammar. Keywords are lower case. Errors carry the position of the offending token and read
 * {@code line L:C: expected X but found Y}.
 */
public final class EqlParser {

  private static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "in~",
      "join", "like", "like~", "maxspan", "not", "null", "of", "or", "regex", "regex~", "sample",
      "sequence", "true", "until", "where", "with");
  private static final List<String> OPERATOR_WORDS = List.of("in", "in~", "like", "like~", "regex",
      "regex~", "not");
  /** The largest {@code with runs=} Elasticsearch accepts. */
  static final int MAX_RUNS = 100;
  private static final String OPERATORS =
      "an operator (==, !=, <, <=, >, >=, :, in, in~, not in, like, like~, regex, regex~)";

  private final List<Token> tokens;
  private int next;

  private EqlParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses one EQL statement.
   *
   * @throws UnsupportedEqlException for valid EQL that SeqWatch does not evaluate yet
   * @throws EqlParseException for text that is not EQL
   */
  public static Query parse(String text) {
    EqlParser parser = new EqlParser(Lexer.tokenize(text));
    Query query = parser.query();
    Token end = parser.peek();
    if (end.type() == TokenType.PIPE) {
      throw unsupported(end, "pipes (| " + parser.peek(1).text() + ")");
    }
    parser.expect(TokenType.EOF, "end of query");
    return query;
  }

  private Query query() {
    Token first = peek();
    if (first.isKeyword("sequence")) {
      return sequence();
    }
    if (first.isKeyword("sample")) {
      throw unsupported(first, "sample queries");
    }
    if (first.isKeyword("join")) {
      throw unsupported(first, "join queries");
    }
    return eventQuery();
  }

  private Sequence sequence() {
    Token start = peek();
    advance();
    List<Field> keys = List.of();
    long maxspan = 0;
    if (peek().isKeyword("by")) {
      advance();
      keys = fields();
      if (peek().isKeyword("with")) {
        maxspan = with();
      }
    } else if (peek().isKeyword("with")) {
      maxspan = with();
      if (peek().isKeyword("by")) {
        advance();
        keys = fields();
      }
    }
    List<Stage> stages = new ArrayList<>();
    int expanded = 0;
    boolean anyPositive = false;
    boolean anyMissing = false;
    while (peek().type() == TokenType.LBRACKET || peek().type() == TokenType.MISSING_OPEN) {
      Stage stage = stage();
      stages.add(stage);
      expanded += stage.runs();
      anyPositive |= !stage.missing();
      anyMissing |= stage.missing();
    }
    // Elasticsearch counts stages after expanding runs: "[a] with runs=2" alone is a sequence (§12).
    if (expanded < 2) {
      Token at = peek();
      throw error(at, "a sequence needs at least two stages '[ ... ]' but found " + expanded
          + (at.type() == TokenType.EOF ? "" : " before " + at.describe()));
    }
    if (!anyPositive) {
      throw error(start, "a sequence needs at least one stage '[ ... ]' that is not a missing event '![ ... ]'");
    }
    if (anyMissing && maxspan == 0) {
      throw error(start, "a sequence with missing events '![ ... ]' needs 'with maxspan='");
    }
    Stage until = null;
    if (peek().isKeyword("until")) {
      Token at = peek(1);
      advance();
      until = stage();
      if (until.missing()) {
        throw error(at, "an until stage cannot be a missing event '![ ... ]'");
      }
      if (until.runs() != 1) {
        throw error(at, "an until stage cannot have 'with runs='");
      }
    }
    checkKeyCounts(stages, until);
    return new Sequence(keys, maxspan, stages, until);
  }

  /** {@code with maxspan=N unit} after {@code sequence}. */
  private long with() {
    advance();
    expectKeyword("maxspan");
    expect(TokenType.ASSIGN, "'='");
    Token amount = peek();
    if (amount.type() == TokenType.DECIMAL) {
      throw error(amount, "maxspan must be a whole number but found " + amount.describe());
    }
    expect(TokenType.INTEGER, "a whole number");
    Token unit = peek();
    long factor = switch (unit.type() == TokenType.IDENTIFIER ? unit.text() : "") {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      case "d" -> 86_400_000;
      default -> throw error(unit, "expected a time unit (ms, s, m, h, d) but found " + unit.describe());
    };
    advance();
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(amount.text()), factor);
    } catch (ArithmeticException | NumberFormatException e) {
      throw error(amount, "maxspan " + amount.text() + unit.text() + " is too large");
    }
    if (value <= 0) {
      throw error(amount, "maxspan must be positive but found " + amount.text() + unit.text());
    }
    return value;
  }

  /**
   * {@code with runs=N} after a stage: 1 to {@value #MAX_RUNS}, as Elasticsearch's syntax reference
   * states ("The runs value must be between 1 and 100 (inclusive)").
   */
  private int runs() {
    advance();
    expectKeyword("runs");
    expect(TokenType.ASSIGN, "'='");
    Token count = peek();
    if (count.type() != TokenType.INTEGER) {
      throw error(count, "runs must be a whole number between 1 and " + MAX_RUNS + " but found "
          + count.describe());
    }
    advance();
    int runs;
    try {
      runs = Integer.parseInt(count.text());
    } catch (NumberFormatException e) {
      runs = Integer.MAX_VALUE;
    }
    if (runs < 1 || runs > MAX_RUNS) {
      throw error(count, "runs must be between 1 and " + MAX_RUNS + " but found " + count.text());
    }
    return runs;
  }

  private Stage stage() {
    boolean missing = peek().type() == TokenType.MISSING_OPEN;
    if (missing) {
      advance();
    } else {
      expect(TokenType.LBRACKET, "'[' or '!['");
    }
    EventQuery query = eventQuery();
    expect(TokenType.RBRACKET, "']'");
    List<Field> keys = List.of();
    if (peek().isKeyword("by")) {
      advance();
      keys = fields();
    }
    int runs = peek().isKeyword("with") ? runs() : 1;
    return new Stage(query, keys, missing, runs);
  }

  private void checkKeyCounts(List<Stage> stages, Stage until) {
    int expected = stages.get(0).joinKeys().size();
    List<Stage> all = new ArrayList<>(stages);
    if (until != null) {
      all.add(until);
    }
    for (Stage stage : all) {
      if (stage.joinKeys().size() != expected) {
        Token at = peek();
        throw new EqlParseException(at.line(), at.column(), "every stage needs the same number of"
            + " join keys, but one has " + expected + " and another " + stage.joinKeys().size());
      }
    }
  }

  private EventQuery eventQuery() {
    Token category = peek();
    String name;
    if (category.isKeyword("any")) {
      name = null;
    } else if (category.type() == TokenType.STRING
        || category.type() == TokenType.IDENTIFIER && !KEYWORDS.contains(category.text())) {
      name = category.text();
    } else {
      throw error(category, "expected an event category or 'any' but found " + category.describe());
    }
    advance();
    Token where = peek();
    if (!where.isKeyword("where")) {
      String hint = name == null ? "" : suggestion(name, List.of("sequence", "sample"));
      throw error(where, "expected 'where' but found " + where.describe() + hint);
    }
    advance();
    return new EventQuery(name, expression());
  }

  private List<Field> fields() {
    List<Field> fields = new ArrayList<>();
    fields.add(field());
    while (peek().type() == TokenType.COMMA) {
      advance();
      fields.add(field());
    }
    return fields;
  }

  private Expression expression() {
    Expression left = andExpression();
    while (peek().isKeyword("or")) {
      advance();
      left = new Or(left, andExpression());
    }
    return left;
  }

  private Expression andExpression() {
    Expression left = notExpression();
    while (peek().isKeyword("and")) {
      advance();
      left = new And(left, notExpression());
    }
    return left;
  }

  private Expression notExpression() {
    if (peek().isKeyword("not")) {
      advance();
      return new Not(notExpression());
    }
    return predicate();
  }

  private Expression predicate() {
    Token token = peek();
    if (token.type() == TokenType.LPAREN) {
      advance();
      Expression inner = expression();
      expect(TokenType.RPAREN, "')'");
      return inner;
    }
    if (token.isKeyword("true") || token.isKeyword("false")) {
      advance();
      return new Constant(token.text().equals("true"));
    }
    if (token.type() == TokenType.STRING || token.type() == TokenType.INTEGER
        || token.type() == TokenType.DECIMAL || token.isKeyword("null")) {
      throw unsupported(token, "a constant on the left of a comparison");
    }
    if (token.type() == TokenType.IDENTIFIER && peek(1).type() == TokenType.LPAREN) {
      throw unsupported(token, "functions (" + token.text() + "(...))");
    }
    Position at = new Position(token.line(), token.column());
    Field field = field();
    if (peek().type() == TokenType.LBRACKET) {
      throw unsupported(peek(), "array indexes (" + field.name() + "[...])");
    }
    return operation(field, at);
  }

  private Expression operation(Field field, Position at) {
    Token operator = peek();
    switch (operator.type()) {
      case EQ: return comparison(field, at, ComparisonOperator.EQ);
      case NEQ: return comparison(field, at, ComparisonOperator.NEQ);
      case LT: return comparison(field, at, ComparisonOperator.LT);
      case LTE: return comparison(field, at, ComparisonOperator.LTE);
      case GT: return comparison(field, at, ComparisonOperator.GT);
      case GTE: return comparison(field, at, ComparisonOperator.GTE);
      case COLON:
        advance();
        return new PatternMatch(field, PatternOperator.SEQ, literalOrList(), at);
      case PLUS: case MINUS: case STAR: case SLASH: case PERCENT:
        throw unsupported(operator, "arithmetic (" + operator.text() + ")");
      default:
        break;
    }
    if (operator.type() == TokenType.IDENTIFIER) {
      switch (operator.text()) {
        case "in": advance(); return new InList(field, list(), false, false, at);
        case "in~": advance(); return new InList(field, list(), true, false, at);
        case "like": advance(); return new PatternMatch(field, PatternOperator.LIKE, literalOrList(), at);
        case "like~":
          advance();
          return new PatternMatch(field, PatternOperator.LIKE_INSENSITIVE, literalOrList(), at);
        case "regex": advance(); return new PatternMatch(field, PatternOperator.REGEX, literalOrList(), at);
        case "regex~":
          advance();
          return new PatternMatch(field, PatternOperator.REGEX_INSENSITIVE, literalOrList(), at);
        case "not":
          Token after = peek(1);
          if (after.isKeyword("in") || after.isKeyword("in~")) {
            advance();
            advance();
            return new InList(field, list(), after.text().equals("in~"), true, at);
          }
          throw error(after, "expected 'in' or 'in~' after 'not' but found " + after.describe());
        default:
          throw error(operator, "expected " + OPERATORS + " after " + field + " but found "
              + operator.describe() + suggestion(operator.text(), OPERATOR_WORDS));
      }
    }
    throw error(operator, "expected " + OPERATORS + " after " + field + " but found "
        + operator.describe());
  }

  private Comparison comparison(Field field, Position at, ComparisonOperator operator) {
    advance();
    Token value = peek();
    if (value.type() == TokenType.IDENTIFIER && !KEYWORDS.contains(value.text())
        || value.type() == TokenType.QUOTED_IDENTIFIER) {
      throw unsupported(value, "comparing two fields (" + field + " " + operator.symbol() + " "
          + value.text() + ")");
    }
    return new Comparison(field, operator, literal(), at);
  }

  private List<Literal> literalOrList() {
    return peek().type() == TokenType.LPAREN ? list() : List.of(literal());
  }

  private List<Literal> list() {
    expect(TokenType.LPAREN, "'('");
    List<Literal> values = new ArrayList<>();
    values.add(literal());
    while (peek().type() == TokenType.COMMA) {
      advance();
      values.add(literal());
    }
    expect(TokenType.RPAREN, "',' or ')'");
    return values;
  }

  private Literal literal() {
    Token token = peek();
    boolean negative = false;
    if (token.type() == TokenType.MINUS) {
      negative = true;
      advance();
      token = peek();
      if (token.type() != TokenType.INTEGER && token.type() != TokenType.DECIMAL) {
        throw error(token, "expected a number after '-' but found " + token.describe());
      }
    }
    switch (token.type()) {
      case STRING:
        advance();
        return new Literal(token.text());
      case INTEGER:
        advance();
        try {
          return new Literal(Long.parseLong((negative ? "-" : "") + token.text()));
        } catch (NumberFormatException e) {
          throw error(token, "number " + token.text() + " is too large");
        }
      case DECIMAL:
        advance();
        return new Literal(Double.parseDouble((negative ? "-" : "") + token.text()));
      case IDENTIFIER:
        if (token.text().equals("true") || token.text().equals("false")) {
          advance();
          return new Literal(Boolean.valueOf(token.text()));
        }
        if (token.text().equals("null")) {
          advance();
          return Literal.NULL;
        }
        break;
      default:
        break;
    }
    throw error(token, "expected a constant (string, number, true, false or null) but found "
        + token.describe());
  }

  private Field field() {
    Token token = peek();
    boolean optional = token.type() == TokenType.QUESTION;
    if (optional) {
      advance();
      token = peek();
    }
    if (token.type() == TokenType.QUOTED_IDENTIFIER
        || token.type() == TokenType.IDENTIFIER && !KEYWORDS.contains(token.text())) {
      advance();
      return new Field(token.text(), optional);
    }
    throw error(token, "expected a field name but found " + token.describe());
  }

  private void expectKeyword(String keyword) {
    Token token = peek();
    if (!token.isKeyword(keyword)) {
      throw error(token, "expected '" + keyword + "' but found " + token.describe()
          + (token.type() == TokenType.IDENTIFIER ? suggestion(token.text(), List.of(keyword)) : ""));
    }
    advance();
  }

  private void expect(TokenType type, String what) {
    Token token = peek();
    if (token.type() != type) {
      throw error(token, "expected " + what + " but found " + token.describe());
    }
    advance();
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private void advance() {
    if (next < tokens.size() - 1) {
      next++;
    }
  }

  private static EqlParseException error(Token at, String reason) {
    return new EqlParseException(at.line(), at.column(), reason);
  }

  private static UnsupportedEqlException unsupported(Token at, String construct) {
    return new UnsupportedEqlException(at.line(), at.column(), construct);
  }

  /** " (did you mean 'x'?)" when a candidate is within two edits of {@code word}, else "". */
  private static String suggestion(String word, List<String> candidates) {
    for (String candidate : candidates) {
      if (!candidate.equals(word) && editDistance(word, candidate) <= 2) {
        return " (did you mean '" + candidate + "'?)";
      }
    }
    return "";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
