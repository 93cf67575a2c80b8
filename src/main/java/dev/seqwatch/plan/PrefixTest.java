package dev.seqwatch.plan;

/**
 * A {@code prefix} query: the value starts with the constant, taken literally; the case-insensitive
 * form folds ASCII letters as Lucene's case-insensitive prefix query does (semantics §2.7). What
 * Elasticsearch's {@code startsWith(field, "constant")} becomes (QL {@code ExpressionTranslators.Scalars}).
 */
final class PrefixTest extends ValueTest {

  private final String prefix;
  private final boolean ignoreCase;

  PrefixTest(String prefix, boolean ignoreCase) {
    this.prefix = ignoreCase ? AsciiCase.fold(prefix) : prefix;
    this.ignoreCase = ignoreCase;
  }

  @Override
  public boolean test(String value) {
    return ignoreCase ? AsciiCase.startsWith(value, prefix) : value.startsWith(prefix);
  }

  @Override
  public String toString() {
    return (ignoreCase ? "prefix~ " : "prefix ") + prefix;
  }
}
