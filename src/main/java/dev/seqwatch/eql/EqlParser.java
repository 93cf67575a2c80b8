package dev.seqwatch.eql;

import dev.seqwatch.eql.Expression.And;
import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.Constant;
import dev.seqwatch.eql.Expression.InList;
import dev.seqwatch.eql.Expression.Not;
import dev.seqwatch.eql.Expression.Or;
import dev.seqwatch.eql.Expression.PatternMatch;
import dev.seqwatch.eql.Expression.ValueComparison;
import dev.seqwatch.eql.Expression.ValueCondition;
import dev.seqwatch.eql.Expression.ValueInList;
import dev.seqwatch.eql.Expression.ValuePatternMatch;
import dev.seqwatch.eql.Value.ConstantValue;
import dev.seqwatch.eql.Value.FieldValue;
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
 * sequence   = "sequence" [ "by" fields [ with ] | with [ "by" fields ] ] stage stage { stage }
 *              [ "until" stage ]
 * with       = "with" "maxspan" "=" INTEGER unit          (unit: ms | s | m | h | d)
 * stage      = "[" eventQuery "]" [ "by" fields ]         ("![": missing events, "with runs=": not supported yet)
 * eventQuery = ( "any" | IDENTIFIER | STRING ) "where" expression
 * fields     = field { "," field }
 * expression = andExpr { "or" andExpr }
 * andExpr    = notExpr { "and" notExpr }
 * notExpr    = "not" notExpr | predicate
 * predicate  = value [ compareOp value
 *                    | [ "not" ] ( "in" | "in~" ) "(" literal { "," literal } ")"
 *                    | ( ":" | "like" | "like~" | "regex" | "regex~" ) ( literal | "(" literal { "," literal } ")" ) ]
 * value      = term { ( "+" | "-" ) term }
 * term       = unary { ( "*" | "/" | "%" ) unary }
 * unary      = "-" unary | "+" unary | primary
 * primary    = "(" expression ")" | literal | call | field
 * call       = IDENTIFIER [ "~" ] "(" [ value { "," value } ] ")"   (names: {@link EqlFunction})
 * compareOp  = "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * literal    = STRING | [ "-" ] ( INTEGER | DECIMAL ) | "true" | "false" | "null"
 * field      = [ "?" ] ( IDENTIFIER | QUOTED_IDENTIFIER )
 * </pre>
 *
 * <p>Precedence, tightest first: unary minus, {@code * / %}, {@code + -}, comparisons and the
 * list and pattern operators, {@code not}, {@code and}, {@code or}, as in Elasticsearch's grammar
 * ({@code EqlBase.g4}). A lone value is a condition ({@code startsWith(...)}, a boolean field). Keywords are lower case. Errors carry the position of the offending token and read
 * {@code line L:C: expected X but found Y}.
 */
public final class EqlParser {

  private static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "in~",
      "join", "like", "like~", "maxspan", "not", "null", "of", "or", "regex", "regex~", "sample",
      "sequence", "true", "until", "where", "with");
  private static final List<String> OPERATOR_WORDS = List.of("in", "in~", "like", "like~", "regex",
      "regex~", "not");
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
    while (peek().type() == TokenType.LBRACKET || peek().type() == TokenType.MISSING_OPEN) {
      stages.add(stage());
    }
    if (stages.size() < 2) {
      Token at = peek();
      throw error(at, "a sequence needs at least two stages '[ ... ]' but found " + stages.size()
          + (at.type() == TokenType.EOF ? "" : " before " + at.describe()));
    }
    Stage until = null;
    if (peek().isKeyword("until")) {
      advance();
      until = stage();
    }
    checkKeyCounts(stages, until);
    return new Sequence(keys, maxspan, stages, until);
  }

  private long with() {
    advance();
    Token parameter = peek();
    if (parameter.isKeyword("runs")) {
      throw unsupported(parameter, "with runs=");
    }
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

  private Stage stage() {
    Token open = peek();
    if (open.type() == TokenType.MISSING_OPEN) {
      throw unsupported(open, "missing events (![ ... ])");
    }
    expect(TokenType.LBRACKET, "'['");
    EventQuery query = eventQuery();
    expect(TokenType.RBRACKET, "']'");
    List<Field> keys = List.of();
    if (peek().isKeyword("by")) {
      advance();
      keys = fields();
    }
    if (peek().isKeyword("with")) {
      throw unsupported(peek(), "with runs=");
    }
    return new Stage(query, keys);
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
    fields.add(joinKey());
    while (peek().type() == TokenType.COMMA) {
      advance();
      fields.add(joinKey());
    }
    return fields;
  }

  /** Elasticsearch's grammar takes any expression as a join key; SeqWatch joins on fields. */
  private Field joinKey() {
    Token token = peek();
    if (token.type() == TokenType.IDENTIFIER && peek(1).type() == TokenType.LPAREN && !KEYWORDS.contains(token.text())) {
      throw unsupported(token, "expressions as join keys (" + token.text() + "(...))");
    }
    Field field = field();
    TokenType next = peek().type();
    if (next == TokenType.PLUS || next == TokenType.MINUS || next == TokenType.STAR || next == TokenType.SLASH
        || next == TokenType.PERCENT) {
      throw unsupported(token, "expressions as join keys (" + field + " " + peek().text() + " ...)");
    }
    return field;
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

  /**
   * A condition built on values: a comparison, a list or pattern test, or a value standing alone
   * (a boolean function, a boolean field, {@code true}, a parenthesised condition).
   */
  private Expression predicate() {
    Value left = additive();
    Token operator = peek();
    ComparisonOperator comparison = comparisonOperator(operator.type());
    if (comparison != null) {
      advance();
      return comparison(operand(left), comparison, operand(additive()));
    }
    if (operator.type() == TokenType.COLON) {
      advance();
      return patternMatch(operand(left), PatternOperator.SEQ);
    }
    if (operator.type() == TokenType.ASSIGN) {
      throw error(operator, "expected " + OPERATORS + " after " + left + " but found "
          + operator.describe());
    }
    if (operator.type() == TokenType.IDENTIFIER) {
      switch (operator.text()) {
        case "in": advance(); return inList(operand(left), false, false);
        case "in~": advance(); return inList(operand(left), true, false);
        case "like": advance(); return patternMatch(operand(left), PatternOperator.LIKE);
        case "like~": advance(); return patternMatch(operand(left), PatternOperator.LIKE_INSENSITIVE);
        case "regex": advance(); return patternMatch(operand(left), PatternOperator.REGEX);
        case "regex~": advance(); return patternMatch(operand(left), PatternOperator.REGEX_INSENSITIVE);
        case "not":
          Token after = peek(1);
          if (after.isKeyword("in") || after.isKeyword("in~")) {
            advance();
            advance();
            return inList(operand(left), after.text().equals("in~"), true);
          }
          throw error(after, "expected 'in' or 'in~' after 'not' but found " + after.describe());
        case "and":
        case "or":
          break;
        default:
          throw error(operator, "expected " + OPERATORS + " after " + left + " but found "
              + operator.describe() + suggestion(operator.text(), OPERATOR_WORDS));
      }
    }
    return standalone(left);
  }

  /**
   * {@code value} where an operand is needed: a parenthesised condition is valid there in
   * Elasticsearch's grammar ({@code (a == 1) == true}) but not evaluated by SeqWatch yet.
   */
  private static Value operand(Value value) {
    if (value instanceof Value.Predicate predicate) {
      throw new UnsupportedEqlException(predicate.at().line(), predicate.at().column(),
          "a condition used as a value (" + predicate.condition() + ")");
    }
    return value;
  }

  private static Expression standalone(Value value) {
    if (value instanceof Value.Predicate predicate) {
      return predicate.condition();
    }
    if (value instanceof Value.ConstantValue constant && constant.literal().value() instanceof Boolean b) {
      return new Constant(b);
    }
    return new ValueCondition(value);
  }

  private static ComparisonOperator comparisonOperator(TokenType type) {
    return switch (type) {
      case EQ -> ComparisonOperator.EQ;
      case NEQ -> ComparisonOperator.NEQ;
      case LT -> ComparisonOperator.LT;
      case LTE -> ComparisonOperator.LTE;
      case GT -> ComparisonOperator.GT;
      case GTE -> ComparisonOperator.GTE;
      default -> null;
    };
  }

  /**
   * {@code field op constant} stays the plain {@link Comparison} the engine indexes; a constant on
   * the left of a field is turned round first, as Elasticsearch's optimizer rule
   * {@code LiteralsOnTheRight} does; anything else is a {@link ValueComparison}.
   */
  private static Expression comparison(Value left, ComparisonOperator operator, Value right) {
    if (left instanceof FieldValue field && right instanceof ConstantValue constant) {
      return new Comparison(field.field(), operator, constant.literal(), field.at());
    }
    if (left instanceof ConstantValue constant && right instanceof FieldValue field) {
      return new Comparison(field.field(), mirror(operator), constant.literal(), field.at());
    }
    return new ValueComparison(left, operator, right, left.at());
  }

  private static ComparisonOperator mirror(ComparisonOperator operator) {
    return switch (operator) {
      case LT -> ComparisonOperator.GT;
      case LTE -> ComparisonOperator.GTE;
      case GT -> ComparisonOperator.LT;
      case GTE -> ComparisonOperator.LTE;
      default -> operator;
    };
  }

  private Expression inList(Value value, boolean caseInsensitive, boolean negated) {
    List<Literal> values = list();
    if (value instanceof FieldValue field) {
      return new InList(field.field(), values, caseInsensitive, negated, field.at());
    }
    return new ValueInList(value, values, caseInsensitive, negated, value.at());
  }

  private Expression patternMatch(Value value, PatternOperator operator) {
    List<Literal> patterns = literalOrList();
    if (value instanceof FieldValue field) {
      return new PatternMatch(field.field(), operator, patterns, field.at());
    }
    return new ValuePatternMatch(value, operator, patterns, value.at());
  }

  private Value additive() {
    Value left = multiplicative();
    while (true) {
      Token operator = peek();
      ArithmeticOperator op = operator.type() == TokenType.PLUS ? ArithmeticOperator.ADD
          : operator.type() == TokenType.MINUS ? ArithmeticOperator.SUBTRACT : null;
      if (op == null) {
        return left;
      }
      advance();
      left = new Value.Arithmetic(op, operand(left), operand(multiplicative()), left.at());
    }
  }

  private Value multiplicative() {
    Value left = unary();
    while (true) {
      Token operator = peek();
      ArithmeticOperator op = switch (operator.type()) {
        case STAR -> ArithmeticOperator.MULTIPLY;
        case SLASH -> ArithmeticOperator.DIVIDE;
        case PERCENT -> ArithmeticOperator.MODULO;
        default -> null;
      };
      if (op == null) {
        return left;
      }
      advance();
      left = new Value.Arithmetic(op, operand(left), operand(unary()), left.at());
    }
  }

  private Value unary() {
    Token token = peek();
    if (token.type() == TokenType.MINUS) {
      Token after = peek(1);
      if (after.type() == TokenType.INTEGER || after.type() == TokenType.DECIMAL) {
        return new ConstantValue(literal(), at(token));
      }
      advance();
      return new Value.Negation(operand(unary()), at(token));
    }
    if (token.type() == TokenType.PLUS) {
      advance();
      return unary();
    }
    return primary();
  }

  private Value primary() {
    Token token = peek();
    switch (token.type()) {
      case LPAREN: {
        advance();
        Expression inner = expression();
        expect(TokenType.RPAREN, "')'");
        return inner instanceof ValueCondition value ? value.value() : new Value.Predicate(inner, at(token));
      }
      case STRING: case INTEGER: case DECIMAL:
        return new ConstantValue(literal(), at(token));
      case QUESTION: case QUOTED_IDENTIFIER:
        return fieldValue();
      case IDENTIFIER:
        if (token.isKeyword("true") || token.isKeyword("false") || token.isKeyword("null")) {
          return new ConstantValue(literal(), at(token));
        }
        if (peek(1).type() == TokenType.LPAREN && !KEYWORDS.contains(token.text())) {
          return call();
        }
        if (token.text().endsWith("~") && !KEYWORDS.contains(token.text())) {
          throw error(peek(1), "expected '(' after the function name " + token.text() + " but found "
              + peek(1).describe());
        }
        if (!KEYWORDS.contains(token.text())) {
          return fieldValue();
        }
        break;
      default:
        break;
    }
    throw error(token, "expected a field name, constant or function call but found " + token.describe());
  }

  private Value fieldValue() {
    Position at = at(peek());
    Field field = field();
    if (peek().type() == TokenType.LBRACKET) {
      throw unsupported(peek(), "array indexes (" + field.name() + "[...])");
    }
    return new FieldValue(field, at);
  }

  /** {@code name[~] "(" [ value { "," value } ] ")"}, the name resolved as EqlFunctionRegistry does. */
  private Value call() {
    Token name = peek();
    boolean caseInsensitive = name.text().endsWith("~");
    String bare = caseInsensitive ? name.text().substring(0, name.text().length() - 1) : name.text();
    EqlFunction function = EqlFunction.named(bare);
    if (function == null) {
      String hint = "";
      for (String candidate : EqlFunction.displayNames()) {
        if (editDistance(bare.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT)) <= 2) {
          hint = " (did you mean '" + candidate + "'?)";
          break;
        }
      }
      throw error(name, "unknown function '" + bare + "'" + hint);
    }
    if (caseInsensitive && !function.isCaseAware()) {
      throw error(name, "function " + function.displayName() + " has no case-insensitive form '"
          + name.text() + "'");
    }
    advance();
    expect(TokenType.LPAREN, "'('");
    List<Value> arguments = new ArrayList<>();
    if (peek().type() != TokenType.RPAREN) {
      arguments.add(operand(additive()));
      while (peek().type() == TokenType.COMMA) {
        advance();
        arguments.add(operand(additive()));
      }
    }
    expect(TokenType.RPAREN, "',' or ')'");
    int count = arguments.size();
    if (count < function.minArguments() || count > function.maxArguments()) {
      String expected = function.minArguments() == function.maxArguments() ? "exactly " + function.minArguments()
          : function.maxArguments() == Integer.MAX_VALUE ? "at least " + function.minArguments()
          : function.minArguments() + " or " + function.maxArguments();
      throw error(name, function.displayName() + " expects " + expected + " argument"
          + (function.maxArguments() == 1 ? "" : "s") + " but got " + count);
    }
    return new Value.Call(function, caseInsensitive, arguments, at(name));
  }

  private static Position at(Token token) {
    return new Position(token.line(), token.column());
  }

  private List<Literal> literalOrList() {
    return peek().type() == TokenType.LPAREN ? list() : List.of(literal());
  }

  private List<Literal> list() {
    expect(TokenType.LPAREN, "'('");
    List<Literal> values = new ArrayList<>();
    values.add(listElement());
    while (peek().type() == TokenType.COMMA) {
      advance();
      values.add(listElement());
    }
    expect(TokenType.RPAREN, "',' or ')'");
    return values;
  }

  /** Elasticsearch's grammar allows any expression in an {@code in} list; SeqWatch evaluates constants. */
  private Literal listElement() {
    Token token = peek();
    boolean constant = token.type() == TokenType.STRING || token.type() == TokenType.INTEGER
        || token.type() == TokenType.DECIMAL || token.type() == TokenType.MINUS
        || token.isKeyword("true") || token.isKeyword("false") || token.isKeyword("null");
    if (!constant && (token.type() == TokenType.IDENTIFIER && !KEYWORDS.contains(token.text())
        || token.type() == TokenType.QUOTED_IDENTIFIER || token.type() == TokenType.QUESTION
        || token.type() == TokenType.LPAREN)) {
      throw unsupported(token, "values other than constants in an 'in' list");
    }
    Literal literal = literal();
    if (peek().type() != TokenType.COMMA && peek().type() != TokenType.RPAREN
        && (peek().type() == TokenType.PLUS || peek().type() == TokenType.MINUS
        || peek().type() == TokenType.STAR || peek().type() == TokenType.SLASH
        || peek().type() == TokenType.PERCENT)) {
      throw unsupported(peek(), "values other than constants in an 'in' list");
    }
    return literal;
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
