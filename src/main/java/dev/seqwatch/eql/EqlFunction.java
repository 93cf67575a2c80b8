package dev.seqwatch.eql;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The functions of Elasticsearch EQL, as its {@code EqlFunctionRegistry} lists them: names match
 * without regard to case, and the five that extend {@code CaseInsensitiveScalarFunction} also have
 * a {@code ~} form. {@code maxArguments} is {@link Integer#MAX_VALUE} for variadic functions.
 */
public enum EqlFunction {
  ADD("add", 2, 2, false),
  BETWEEN("between", 3, 4, true),
  CIDR_MATCH("cidrMatch", 2, Integer.MAX_VALUE, false),
  CONCAT("concat", 1, Integer.MAX_VALUE, false),
  DIVIDE("divide", 2, 2, false),
  ENDS_WITH("endsWith", 2, 2, true),
  INDEX_OF("indexOf", 2, 3, true),
  LENGTH("length", 1, 1, false),
  MODULO("modulo", 2, 2, false),
  MULTIPLY("multiply", 2, 2, false),
  NUMBER("number", 1, 2, false),
  STARTS_WITH("startsWith", 2, 2, true),
  STRING("string", 1, 1, false),
  STRING_CONTAINS("stringContains", 2, 2, true),
  SUBSTRING("substring", 2, 3, false),
  SUBTRACT("subtract", 2, 2, false);

  private static final Map<String, EqlFunction> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(f -> f.displayName.toLowerCase(Locale.ROOT), Function.identity()));

  private final String displayName;
  private final int minArguments;
  private final int maxArguments;
  private final boolean caseAware;

  EqlFunction(String displayName, int minArguments, int maxArguments, boolean caseAware) {
    this.displayName = displayName;
    this.minArguments = minArguments;
    this.maxArguments = maxArguments;
    this.caseAware = caseAware;
  }

  /** The function called {@code name} in any case, without its {@code ~}; null if none. */
  public static EqlFunction named(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /** The names, as Elasticsearch's documentation spells them. */
  public static List<String> displayNames() {
    return Arrays.stream(values()).map(EqlFunction::displayName).toList();
  }

  public String displayName() {
    return displayName;
  }

  public int minArguments() {
    return minArguments;
  }

  public int maxArguments() {
    return maxArguments;
  }

  /** Whether a case-insensitive {@code name~} form exists. */
  public boolean isCaseAware() {
    return caseAware;
  }

  /** The arithmetic operator this function names, or null. */
  public ArithmeticOperator arithmetic() {
    return switch (this) {
      case ADD -> ArithmeticOperator.ADD;
      case SUBTRACT -> ArithmeticOperator.SUBTRACT;
      case MULTIPLY -> ArithmeticOperator.MULTIPLY;
      case DIVIDE -> ArithmeticOperator.DIVIDE;
      case MODULO -> ArithmeticOperator.MODULO;
      default -> null;
    };
  }
}
