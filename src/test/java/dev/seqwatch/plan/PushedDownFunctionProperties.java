package dev.seqwatch.plan;

import static dev.seqwatch.plan.OperatorSemanticsTest.where;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Where Elasticsearch's two evaluations of a string function agree, SeqWatch's do too: on one
 * present value of ASCII letters and a constant without wildcards, the pushed-down query
 * ({@code startsWith(f, c)}) and the script ({@code startsWith(f, c) == true}) give the same answer,
 * and {@code not} of the query is its negation (docs/semantics.md §14).
 */
class PushedDownFunctionProperties {

  @Provide
  Arbitrary<String> ascii() {
    return Arbitraries.strings().withChars("abAB.x").ofMinLength(0).ofMaxLength(6);
  }

  @Property(tries = 300)
  void queryAndScriptFormsAgreeOnPlainValues(@ForAll("ascii") String value, @ForAll("ascii") String constant) {
    String fields = "\"process\":{\"name\":\"" + value + "\"}";
    for (String function : new String[] {"startsWith", "startsWith~", "endsWith", "endsWith~", "stringContains",
        "stringContains~"}) {
      String call = function + "(process.name, \"" + constant + "\")";
      boolean pushed = where(call, fields);
      boolean script = where(call + " == true", fields);
      boolean emptyContains = function.startsWith("stringContains") && (constant.isEmpty() || value.isEmpty());
      if (!emptyContains) {
        assertThat(pushed).as(call + " on " + value).isEqualTo(script);
      }
      assertThat(where("not " + call, fields)).as("not " + call).isEqualTo(!pushed);
    }
  }
}
