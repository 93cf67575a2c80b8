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
import dev.seqwatch.eql.Query.Sample;
import dev.seqwatch.eql.Query.SampleFilter;
import dev.seqwatch.eql.Query.Sequence;
import dev.seqwatch.eql.Query.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses EQL text into a {@link Query}. A hand-written recursive descent parser over the tokens of
 * {@link Lexer}: one method per grammar rule, no backtracking.
 *
 * <pre>
 * statement  = query { pipe } EOF                         (rules: no pipes, see parse)
 * pipe       = "|" ( "head" | "tail" ) INTEGER            (count, filter, sort, unique, unique_count:
 *                                                           refused, as Elasticsearch does)
 * query      = sequence | sample | eventQuery             ("join": not supported yet)
 * sample     = "sample" [ "by" fields ] filter filter { filter }     (2 to 5 filters)
 * filter     = "[" eventQuery "]" [ "by" fields ]
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
  private static final List<String> PIPES = List.of("head", "tail");
  /** Elasticsearch's {@code LogicalPlanBuilder.MAX_SAMPLE_QUERIES}. */
  private static final int MAX_SAMPLE_FILTERS = 5;
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
   * Parses a query as a rule runs it: without pipes. A pipe is refused with its position: Kibana
   * gives {@code | head N} and {@code | tail N} no meaning of their own, it sends the query to
   * {@code _eql/search} once per scheduled run and Elasticsearch keeps N of that run's results
   * (size = max_signals), and a stream has no runs to apply them to (semantics: pipes).
   *
   * @throws UnsupportedEqlException for valid EQL that SeqWatch does not evaluate yet
   * @throws EqlParseException for text that is not EQL
   */
  public static Query parse(String text) {
    Statement statement = parseStatement(text);
    if (!statement.pipes().isEmpty()) {
      Pipe first = statement.pipes().get(0);
      String construct = "pipes (| " + first.kind().keyword() + ")";
      throw new UnsupportedEqlException(first.at().line(), first.at().column(), construct, construct
          + " are not supported in rules: Kibana applies them to the results of each scheduled run, which a"
          + " stream does not have; POST /api/v1/eql/search runs them");
    }
    return statement.query();
  }

  /**
   * Parses a query and the pipes after it, as {@code POST /api/v1/eql/search} runs it.
   *
   * @throws UnsupportedEqlException for valid EQL that SeqWatch does not evaluate yet
   * @throws EqlParseException for text that is not EQL
   */
  public static Statement parseStatement(String text) {
    EqlParser parser = new EqlParser(Lexer.tokenize(text));
    Query query = parser.query();
    Token bar = parser.peek();
    if (query instanceof Sample && bar.type() == TokenType.PIPE) {
      // Elasticsearch: "Samples do not support pipes yet" (LogicalPlanBuilder.visitStatement).
      throw unsupported(bar, "pipes after a sample (| " + parser.peek(1).text() + ")");
    }
    List<Pipe> pipes = new ArrayList<>();
    while (parser.peek().type() == TokenType.PIPE) {
      pipes.add(parser.pipe());
    }
    parser.expect(TokenType.EOF, "end of query");
    return new Statement(query, pipes);
  }

  private Query query() {
    Token first = peek();
    if (first.isKeyword("sequence")) {
      return sequence();
    }
    if (first.isKeyword("sample")) {
      return sample();
    }
    if (first.isKeyword("join")) {
      throw unsupported(first, "join queries");
    }
    return eventQuery();
  }

  /** Elasticsearch's limits and messages: {@code LogicalPlanBuilder.visitSample}. */
  private Sample sample() {
    Token start = peek();
    advance();
    List<Field> keys = List.of();
    if (peek().isKeyword("by")) {
      advance();
      keys = fields();
    }
    List<SampleFilter> filters = new ArrayList<>();
    int keyCount = -1;
    while (peek().type() == TokenType.LBRACKET || peek().type() == TokenType.MISSING_OPEN) {
      Token open = peek();
      if (open.type() == TokenType.MISSING_OPEN) {
        throw error(open, "missing events ![ ... ] are only allowed in a sequence, not in a sample");
      }
      if (filters.size() == MAX_SAMPLE_FILTERS) {
        throw error(open, "a sample has at most " + MAX_SAMPLE_FILTERS + " filters but found "
            + (MAX_SAMPLE_FILTERS + 1));
      }
      advance();
      EventQuery query = eventQuery();
      expect(TokenType.RBRACKET, "']'");
      Token by = peek();
      List<Field> own = List.of();
      if (by.isKeyword("by")) {
        advance();
        own = fields();
      }
      List<Field> all = new ArrayList<>(keys);
      all.addAll(own);
      if (keyCount >= 0 && all.size() != keyCount) {
        throw error(own.isEmpty() ? open : by, "every filter needs the same number of join keys, but one"
            + " has " + keyCount + " and another " + all.size());
      }
      keyCount = all.size();
      if (all.isEmpty()) {
        throw error(open, "a sample needs at least one join key, but this filter has none");
      }
      Set<String> seen = new HashSet<>();
      Set<String> twice = new LinkedHashSet<>();
      for (Field key : all) {
        if (!seen.add(key.name())) {
          twice.add(key.name());
        }
      }
      if (!twice.isEmpty()) {
        throw error(by, "a join key can be named only once in a filter, but " + String.join(", ", twice)
            + " is named twice");
      }
      filters.add(new SampleFilter(query, own));
    }
    if (filters.size() < 2) {
      Token at = peek();
      throw error(at.type() == TokenType.EOF ? start : at, "a sample needs at least two filters '[ ... ]' but"
          + " found " + filters.size() + (at.type() == TokenType.EOF ? "" : " before " + at.describe()));
    }
    return new Sample(keys, filters);
  }

  /** One {@code | name args}; Elasticsearch's checks and messages: {@code LogicalPlanBuilder.pipe}. */
  private Pipe pipe() {
    Token bar = peek();
    advance();
    Token name = peek();
    if (name.type() != TokenType.IDENTIFIER) {
      throw error(name, "expected a pipe name (head, tail) after '|' but found " + name.describe());
    }
    advance();
    Pipe.Kind kind;
    switch (name.text()) {
      case "head":
        kind = Pipe.Kind.HEAD;
        break;
      case "tail":
        kind = Pipe.Kind.TAIL;
        break;
      case "count": case "filter": case "sort": case "unique": case "unique_count":
        throw unsupported(bar, "pipe | " + name.text());
      default:
        throw error(name, "unknown pipe '" + name.text() + "'; the pipes are head and tail"
            + suggestion(name.text(), PIPES));
    }
    List<List<Token>> arguments = new ArrayList<>();
    while (peek().type() != TokenType.PIPE && peek().type() != TokenType.EOF) {
      List<Token> argument = new ArrayList<>();
      while (peek().type() != TokenType.PIPE && peek().type() != TokenType.EOF
          && peek().type() != TokenType.COMMA) {
        argument.add(peek());
        advance();
      }
      arguments.add(argument);
      if (peek().type() == TokenType.COMMA) {
        advance();
        if (peek().type() == TokenType.PIPE || peek().type() == TokenType.EOF) {
          throw error(peek(), "expected an argument after ',' but found " + peek().describe());
        }
      }
    }
    String pipe = "pipe | " + name.text();
    if (arguments.size() != 1) {
      throw error(bar, pipe + " expects exactly one argument but found " + arguments.size());
    }
    List<Token> argument = arguments.get(0);
    Token count = argument.get(0);
    if (argument.size() == 1 && count.type() == TokenType.INTEGER) {
      try {
        return new Pipe(kind, Integer.parseInt(count.text()), new Position(bar.line(), bar.column()));
      } catch (NumberFormatException e) {
        throw error(count, pipe + " expects a positive integer or 0 of at most " + Integer.MAX_VALUE
            + " but found " + count.text());
      }
    }
    throw error(count, pipe + " expects a positive integer or 0 but found " + text(argument));
  }

  /** Tokens as they were written, near enough for an error message. */
  private static String text(List<Token> tokens) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (i > 0 && tokens.get(i - 1).type() != TokenType.MINUS) {
        out.append(' ');
      }
      out.append(token.type() == TokenType.STRING ? "\"" + token.text() + "\"" : token.text());
    }
    return out.toString();
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
   * Elasticsearch's grammar ({@code (a == 1) == true}, {@code null == (a > 1)}); SeqWatch evaluates
   * one made of comparisons, {@code and}, {@code or}, {@code not} and constants (three-valued,
   * semantics §15) and refuses any other as not supported yet.
   */
  private static Value operand(Value value) {
    if (value instanceof Value.Predicate predicate && !evaluableAsValue(predicate.condition())) {
      throw new UnsupportedEqlException(predicate.at().line(), predicate.at().column(),
          "a condition used as a value (" + predicate.condition() + ")");
    }
    return value;
  }

  private static boolean evaluableAsValue(Expression condition) {
    if (condition instanceof Expression.And and) {
      return evaluableAsValue(and.left()) && evaluableAsValue(and.right());
    }
    if (condition instanceof Expression.Or or) {
      return evaluableAsValue(or.left()) && evaluableAsValue(or.right());
    }
    if (condition instanceof Expression.Not not) {
      return evaluableAsValue(not.operand());
    }
    return condition instanceof Constant || condition instanceof Expression.Comparison
        || condition instanceof Expression.ValueComparison;
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
