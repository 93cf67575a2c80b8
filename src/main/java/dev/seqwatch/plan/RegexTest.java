package dev.seqwatch.plan;

import dev.seqwatch.plan.regexp.Dfa;
import dev.seqwatch.plan.regexp.LuceneRegExp;
import java.util.List;

/**
 * {@code regex} and {@code regex~} on a field: the value must match one of the expressions as a
 * whole, in Lucene's syntax, as Elasticsearch's {@code regexp} query runs them (docs/semantics.md,
 * Regular expressions). All the expressions of one test run as one automaton, so a value is read
 * once whatever their number, in time linear in its length.
 */
final class RegexTest extends ValueTest {

  private final List<String> patterns;
  private final boolean caseInsensitive;
  private final Dfa automaton;

  /** @throws LuceneRegExp.InvalidRegExpException for a pattern Elasticsearch would refuse too */
  RegexTest(List<String> patterns, boolean caseInsensitive) {
    this.patterns = List.copyOf(patterns);
    this.caseInsensitive = caseInsensitive;
    this.automaton = LuceneRegExp.compile(patterns, caseInsensitive);
  }

  @Override
  public boolean test(String value) {
    return automaton.matches(value);
  }

  @Override
  public String toString() {
    return (caseInsensitive ? "regex~ " : "regex ") + patterns;
  }
}
