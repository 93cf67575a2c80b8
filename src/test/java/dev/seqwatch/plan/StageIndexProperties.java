package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.ComparisonOperator;
import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Expression.And;
import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.InList;
import dev.seqwatch.eql.Expression.Not;
import dev.seqwatch.eql.Expression.Or;
import dev.seqwatch.eql.Expression.PatternMatch;
import dev.seqwatch.eql.Field;
import dev.seqwatch.eql.Literal;
import dev.seqwatch.eql.PatternOperator;
import dev.seqwatch.eql.Position;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.plan.QueryPlan.EventPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stage index never changes what matches: over random rule conditions and random events, the
 * conditions that hold among those the index selects are exactly the conditions that hold among
 * all (indexed dispatch equals brute force).
 */
class StageIndexProperties {

  private static final Position AT = new Position(1, 1);
  private static final List<String> FIELDS =
      List.of("host.os.type", "event.type", "event.action", "process.name", "process.parent.name", "destination.ip",
          "process.pid");
  private static final List<String> TERMS =
      List.of("linux", "windows", "start", "exec", "bash", "Bash", "BASH", "sh", "cmd.exe", "CMD.exe", "x*", "b?sh",
          "ba*", "*.EXE", "*sh", "*ash*", "c*d.exe", "*", "bash.exe", "xb", "Ba", "",
          // `?` in the anchored ends, and a value whose first code point is a surrogate pair.
          "?ash", "?:/*.exe", "C:/X.EXE", "b?s*", "*a?h", "\uD83D\uDE00ash", "ba\uD83D\uDE00",
          // Infixes: folded, beside a `?`, after a surrogate pair.
          "*ASH*", "*h.ex*", "*a?h.e*", "*\uD83D\uDE00as*");
  private static final List<String> IPS = List.of("127.0.0.1", "10.0.0.0/8", "10.1.2.3", "::1");
  /** A long in the ECS mapping: the reader keeps its JSON text, which may not read as a number. */
  private static final List<String> PIDS = List.of("5", "7", "05", "x");

  /** A random rule set: its conditions and events to try them on. */
  record Case(List<EventQuery> targets, List<List<Object>> events, int maskMinTargets) {
  }

  @Property(tries = 300)
  void indexedDispatchEqualsBruteForce(@ForAll("cases") Case generated) {
    FieldSchema.Builder builder = FieldSchema.builder();
    List<EventPredicate> predicates = new ArrayList<>();
    for (EventQuery query : generated.targets()) {
      predicates.add(((EventPlan) Planner.plan(query, builder)).predicate());
    }
    int categorySlot = builder.slot("event.category");
    List<Integer> slots = FIELDS.stream().map(builder::slot).toList();
    FieldSchema schema = builder.build();
    StageIndex index = StageIndex.build(generated.targets(), predicates, schema, generated.maskMinTargets());
    long[] selection = index.newSelection();
    StageIndex.Memo memo = index.newMemo(); // the case's events as one batch

    for (List<Object> drawn : generated.events()) {
      Object[] values = new Object[schema.size()];
      values[categorySlot] = drawn.get(0);
      for (int i = 0; i < slots.size(); i++) {
        values[slots.get(i)] = drawn.get(i + 1);
      }
      Set<Integer> bruteForce = new TreeSet<>();
      for (int t = 0; t < predicates.size(); t++) {
        if (predicates.get(t).test(values)) {
          bruteForce.add(t);
        }
      }
      Set<Integer> indexed = new TreeSet<>();
      Set<Integer> residual = new TreeSet<>();
      index.select(values, selection, memo);
      for (int t = StageIndex.next(selection, 0); t >= 0; t = StageIndex.next(selection, t + 1)) {
        if (predicates.get(t).test(values)) {
          indexed.add(t);
        }
        if (index.residual(t).test(values)) {
          residual.add(t);
        }
      }
      assertThat(indexed).as("event %s", drawn).isEqualTo(bruteForce);
      assertThat(residual).as("event %s, residual conditions", drawn).isEqualTo(bruteForce);
    }
  }

  /**
   * What a memo remembers changes nothing: the events of a case, through one memo as a batch's
   * events go, select exactly what each selects through a memo of its own, which has nothing to
   * reuse; whether their values are the same strings (as the reader's shared values are) or equal
   * copies, and with a memo so small that entries collide.
   */
  @Property(tries = 200)
  void aMemoSharedByABatchSelectsWhatAFreshMemoSelects(@ForAll("cases") Case generated, @ForAll boolean copies,
      @ForAll("memoSlots") int memoSlots) {
    FieldSchema.Builder builder = FieldSchema.builder();
    List<EventPredicate> predicates = new ArrayList<>();
    generated.targets().forEach(query -> predicates.add(((EventPlan) Planner.plan(query, builder)).predicate()));
    int categorySlot = builder.slot("event.category");
    List<Integer> slots = FIELDS.stream().map(builder::slot).toList();
    FieldSchema schema = builder.build();
    StageIndex index = StageIndex.build(generated.targets(), predicates, schema, generated.maskMinTargets());
    StageIndex.Memo memo = new StageIndex.Memo(memoSlots);
    long[] shared = index.newSelection();
    long[] fresh = index.newSelection();

    for (List<Object> drawn : generated.events()) {
      Object[] values = new Object[schema.size()];
      values[categorySlot] = drawn.get(0);
      for (int i = 0; i < slots.size(); i++) {
        Object value = drawn.get(i + 1);
        values[slots.get(i)] = copies && value instanceof String text ? new String(text) : value;
      }
      index.select(values, shared, memo);
      index.select(values, fresh, index.newMemo());
      assertThat(shared).as("event %s", drawn).isEqualTo(fresh);
    }
  }

  @Provide
  Arbitrary<Integer> memoSlots() {
    return Arbitraries.of(1, 2, 4, 2048);
  }

  @Example
  void aMemoTellsApartTheLookupsOfTwoFieldsThatMeetTheSameString() {
    Indexed indexed = Indexed.of(List.of(
        new EventQuery(null, new Comparison(new Field("process.name"), ComparisonOperator.EQ, new Literal("bash"), AT)),
        new EventQuery(null,
            new Comparison(new Field("process.parent.name"), ComparisonOperator.EQ, new Literal("bash"), AT))));
    String shared = "bash"; // one string for both fields, as the reader gives a batch's equal values
    indexed.set("process.name", shared);
    indexed.set("process.parent.name", shared);

    // One slot: the second field's lookup meets the entry that the first left, for the same string.
    assertThat(indexed.selected(new StageIndex.Memo(1))).containsExactly(0, 1);
  }

  /**
   * A value that a field's term table, its prefixes and its suffixes all name is remembered with the
   * targets of each, and selects every one of them again when the batch meets it once more.
   */
  @Example
  void aRememberedValueSelectsTheTargetsOfEveryTableThatNamedIt() {
    Indexed indexed = Indexed.of(List.of(
        new EventQuery(null, new Comparison(new Field("process.name"), ComparisonOperator.EQ, new Literal("python3"), AT)),
        new EventQuery(null, new PatternMatch(new Field("process.name"), PatternOperator.LIKE,
            List.of(new Literal("python*")), AT)),
        new EventQuery(null, new PatternMatch(new Field("process.name"), PatternOperator.LIKE,
            List.of(new Literal("*on3")), AT))));
    StageIndex.Memo memo = indexed.index().newMemo();
    indexed.set("process.name", "python3");

    assertThat(indexed.selected(memo)).as("looked up").containsExactly(0, 1, 2);
    assertThat(indexed.selected(memo)).as("remembered").containsExactly(0, 1, 2);
  }

  /**
   * A mask checks a target's term conjunct on its field exactly, case and all, so the condition
   * left to test after the index selected the target no longer holds it.
   */
  @Example
  void aConjunctAMaskChecksIsLeftOutOfTheResidualCondition() {
    Indexed indexed = Indexed.of(List.of(
        new EventQuery(null, new Comparison(new Field("host.os.type"), ComparisonOperator.EQ, new Literal("windows"), AT)),
        new EventQuery(null, new InList(new Field("host.os.type"), List.of(new Literal("Linux")), true, false, AT))));

    assertThat(indexed.index().residual(0)).hasToString("true");
    assertThat(indexed.index().residual(1)).hasToString("true");
    indexed.set("host.os.type", "Windows");
    assertThat(indexed.selected()).isEmpty();
    indexed.set("host.os.type", "windows");
    assertThat(indexed.selected()).containsExactly(0);
    indexed.set("host.os.type", "LINUX");
    assertThat(indexed.selected()).containsExactly(1);
  }

  /**
   * Elasticsearch indexes no value longer than a keyword field's {@code ignore_above} (1,024 for
   * ECS process fields), so a term that long never matches: a mask that admits such a value leaves
   * the conjunct in the residual condition, which then fails.
   */
  @Example
  void aTermLongerThanIgnoreAboveStaysInTheResidualCondition() {
    String longName = "a".repeat(1025);
    Indexed indexed = Indexed.of(List.of(
        new EventQuery(null, new Comparison(new Field("process.name"), ComparisonOperator.EQ, new Literal(longName), AT)),
        new EventQuery(null, new Comparison(new Field("process.name"), ComparisonOperator.EQ, new Literal("bash"), AT))));
    indexed.set("process.name", longName);

    assertThat(indexed.holds(0)).isFalse();
    assertThat(indexed.index().residual(0).test(indexed.values())).isFalse();
    assertThat(indexed.index().residual(1)).hasToString("true");
  }

  @Example
  void eventsOfAnotherCategoryOrOsSkipTheStage() {
    List<EventQuery> targets = new ArrayList<>();
    for (String os : List.of("linux", "windows", "macos", "linux", "windows")) {
      targets.add(new EventQuery("process",
          new Comparison(new Field("host.os.type"), ComparisonOperator.EQ, new Literal(os), AT)));
    }
    targets.add(new EventQuery("network", new PatternMatch(new Field("process.name"), PatternOperator.SEQ,
        List.of(new Literal("BASH")), AT)));
    Indexed indexed = Indexed.of(targets);
    indexed.set("event.category", "network");
    indexed.set("host.os.type", "linux");
    indexed.set("process.name", "bAsh");

    assertThat(indexed.selected()).containsExactly(5);
  }

  @Example
  void aConditionThatFailsOnAMissingFieldIsNotSelectedForAnEventWithoutIt() {
    // An ordering comparison gives no key on terms; it, and the infix pattern, still need a field.
    Indexed indexed = Indexed.of(List.of(
        matching("url.original", PatternOperator.LIKE_INSENSITIVE, "*select*"),
        new EventQuery(null, new Comparison(new Field("process.pid"), ComparisonOperator.GT, new Literal(5L), AT)),
        new EventQuery(null, new Comparison(new Field("url.original"), ComparisonOperator.NEQ, new Literal("x"), AT))));

    assertThat(indexed.selected()).as("!= holds on a missing field").containsExactly(2);

    indexed.set("url.original", "/q?id=1%20union%20select");
    indexed.set("process.pid", "4");
    assertThat(indexed.selected()).startsWith(0, 1);
  }

  @Example
  void aQuestionMarkInAPatternsEndStandsForOneCodePointInTheIndex() {
    Indexed indexed = Indexed.of(List.of(
        matching("process.executable", PatternOperator.SEQ, "?:\\Windows\\Tasks\\*.exe"),
        matching("process.name", PatternOperator.LIKE, "?ash"),
        matching("process.name", PatternOperator.LIKE, "*a?h")));

    indexed.set("process.executable", "D:\\WINDOWS\\Tasks\\x.exe");
    indexed.set("process.name", "\uD83D\uDE00ash"); // one code point, two chars, before "ash"
    assertThat(indexed.selected()).startsWith(0, 1);
    assertThat(indexed.holds(1)).isTrue();

    indexed.set("process.executable", "C:\\Program Files\\x.exe");
    indexed.set("process.name", "a\uD83D\uDE00h");
    assertThat(indexed.selected()).as("another folder, same .exe").containsExactly(2);
    assertThat(indexed.holds(2)).isTrue();
  }

  @Example
  void prefixesSharingALongRunSelectByWhereTheyBranch() {
    // The tries fold "c:\\windows\\" into one run above the branch of "system32", "syswow64", "temp".
    List<EventQuery> targets = new ArrayList<>();
    for (String folder : List.of("C:\\Windows\\System32\\*", "C:\\Windows\\SysWOW64\\*", "C:\\Windows\\Temp\\*")) {
      targets.add(matching("process.executable", PatternOperator.LIKE_INSENSITIVE, folder));
    }
    Indexed indexed = Indexed.of(targets);

    indexed.set("process.executable", "c:\\WINDOWS\\system32\\cmd.exe");
    assertThat(indexed.selected()).containsExactly(0);

    indexed.set("process.executable", "C:\\Windows\\Temp\\a.exe");
    assertThat(indexed.selected()).containsExactly(2);

    for (String other : List.of("C:\\Windows\\Sys", "C:\\Win", "C:\\Windows\\Tasks\\a.exe", "D:\\Windows\\Temp\\a.exe")) {
      indexed.set("process.executable", other);
      assertThat(indexed.selected()).as(other).isEmpty();
    }
  }

  @Example
  void aBranchOfManyChildrenFindsEachByItsLabel() {
    // The suffixes "\\a.exe" to "\\J.exe" branch ten ways after their shared ".exe", as Windows
    // rules' executables do; a name that is not ASCII is a label like any other.
    for (List<String> names : List.of(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "J"),
        List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "\u00e9"))) {
      List<EventQuery> targets = new ArrayList<>();
      for (String name : names) {
        targets.add(matching("process.executable", PatternOperator.LIKE_INSENSITIVE, "*\\" + name + ".exe"));
      }
      Indexed indexed = Indexed.of(targets);
      for (int i = 0; i < names.size(); i++) {
        indexed.set("process.executable", "C:\\X\\" + names.get(i) + ".EXE");
        assertThat(indexed.selected()).as(names.get(i)).containsExactly(i);
      }
      for (String other : List.of("C:\\x\\k.exe", "C:\\x\\\u00e8.exe", "C:\\x\\\u0100.exe", "x\\.exe", ".exe")) {
        indexed.set("process.executable", other);
        assertThat(indexed.selected()).as(other).isEmpty();
      }
    }
  }

  @Example
  void aRegexIsSelectedOnlyForValuesThatStartWithItsLiteralText() {
    Indexed indexed = Indexed.of(List.of(
        matching("process.name", PatternOperator.REGEX_INSENSITIVE, "php?[0-9]?\\.?[0-9]{0,2}"),
        matching("process.executable", PatternOperator.REGEX, "/var/run/\\w+\\.(pid|lock)", ".*/tmp/.*")));

    indexed.set("process.name", "bash");
    indexed.set("process.executable", "/usr/bin/bash");
    assertThat(indexed.selected()).as("a pattern without a literal start: no key on terms").containsExactly(1);

    indexed.set("process.name", "PHP7.4");
    assertThat(indexed.selected()).containsExactly(0, 1);
    assertThat(indexed.holds(0)).isTrue();
  }

  /** The target {@code field <operator> (patterns…)}, in no category. */
  private static EventQuery matching(String field, PatternOperator operator, String... patterns) {
    return new EventQuery(null, new PatternMatch(new Field(field), operator,
        java.util.Arrays.stream(patterns).map(Literal::new).toList(), AT));
  }

  @Example
  void aPatternWithNoLiteralEndIsSelectedOnlyForValuesContainingItsLongestLiteralRun() {
    Indexed indexed = Indexed.of(List.of(
        matching("process.parent.name", PatternOperator.LIKE_INSENSITIVE, "mcp-server*", "*_mcp_server*"),
        matching("process.name", PatternOperator.LIKE, "gcc*", "*-linux-gnu-g?c*")));

    indexed.set("process.parent.name", "bash");
    indexed.set("process.name", "cc1");
    assertThat(indexed.selected()).isEmpty();

    indexed.set("process.parent.name", "run_MCP_Server.py");
    indexed.set("process.name", "x86_64-linux-gnu-gcc-12");
    assertThat(indexed.selected()).containsExactly(0, 1);
    assertThat(indexed.holds(0)).isTrue();
    assertThat(indexed.holds(1)).isTrue();
  }

  @Example
  void aFieldWithMoreInfixesThanAreScannedSelectsTheirTargetsByItsPresence() {
    List<EventQuery> targets = new ArrayList<>();
    for (int i = 0; i < StageIndex.MAX_INFIXES; i++) {
      targets.add(matching("process.command_line", PatternOperator.LIKE, "*fragment" + i + "*"));
    }
    Indexed scanned = Indexed.of(targets);
    scanned.set("process.command_line", "ls -la");
    assertThat(scanned.selected()).isEmpty();
    scanned.set("process.command_line", "x fragment3 y");
    assertThat(scanned.selected()).containsExactly(3);

    targets.add(matching("process.command_line", PatternOperator.LIKE, "*one fragment too many*"));
    Indexed present = Indexed.of(targets);
    assertThat(present.selected()).as("no command line").isEmpty();
    present.set("process.command_line", "ls -la");
    assertThat(present.selected()).hasSize(StageIndex.MAX_INFIXES + 1);
  }

  @Example
  void aRegexIsSelectedOnlyForValuesThatEndWithItsLiteralEndWhenThatIsNoShorterThanItsStart() {
    Indexed indexed = Indexed.of(List.of(
        matching("process.executable", PatternOperator.REGEX_INSENSITIVE, "/[a-z0-9\\s_\\-\\\\./]+\\s"),
        matching("file.name", PatternOperator.REGEX, "[a-z]+\\.so")));

    indexed.set("process.executable", "/usr/bin/ls");
    indexed.set("file.name", "run.py");
    assertThat(indexed.selected()).as("every path starts with /: not its key").isEmpty();

    indexed.set("process.executable", "/usr/bin/ls ");
    indexed.set("file.name", "libx.so");
    assertThat(indexed.selected()).containsExactly(0, 1);
    assertThat(indexed.holds(0)).isTrue();
    assertThat(indexed.holds(1)).isTrue();
  }

  @Example
  void aNumericFieldComparedWithTextGivesNoKey() {
    // process.pid is a long in the ECS mapping (§13): "05" equals a pid of 5, so "05" is no term.
    List<EventQuery> targets = new ArrayList<>();
    for (String pid : List.of("05", "6", "7", "8", "9")) {
      targets.add(new EventQuery("process",
          new Comparison(new Field("process.pid"), ComparisonOperator.EQ, new Literal(pid), AT)));
    }
    Indexed indexed = Indexed.of(targets);
    indexed.set("event.category", "process");
    indexed.set("process.pid", "5");

    assertThat(indexed.holds(0)).isTrue();
    assertThat(indexed.selected()).startsWith(0);
  }

  /**
   * The examples' setup: targets planned into one schema and indexed, one event's values to set
   * field by field, and what the index selects for them.
   */
  private record Indexed(StageIndex index, FieldSchema schema, List<EventPredicate> predicates, Object[] values) {

    static Indexed of(List<EventQuery> targets) {
      FieldSchema.Builder builder = FieldSchema.builder();
      List<EventPredicate> predicates = new ArrayList<>();
      targets.forEach(query -> predicates.add(((EventPlan) Planner.plan(query, builder)).predicate()));
      FieldSchema schema = builder.build();
      return new Indexed(StageIndex.build(targets, predicates, schema), schema, predicates, new Object[schema.size()]);
    }

    void set(String field, Object value) {
      values[schema.names().indexOf(field)] = value;
    }

    /** The targets the index selects for the values as set, in order. */
    List<Integer> selected() {
      return selected(index.newMemo());
    }

    /** As {@link #selected()}, through {@code memo}. */
    List<Integer> selected(StageIndex.Memo memo) {
      long[] selection = index.newSelection();
      index.select(values, selection, memo);
      List<Integer> selected = new ArrayList<>();
      for (int target = StageIndex.next(selection, 0); target >= 0; target = StageIndex.next(selection, target + 1)) {
        selected.add(target);
      }
      return selected;
    }

    /** Whether target {@code target}'s condition holds for the values as set. */
    boolean holds(int target) {
      return predicates.get(target).test(values);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<EventQuery> query = Combinators.combine(
        Arbitraries.of("process", "network", "file", "any"), condition(3))
        .as((category, condition) -> new EventQuery(category.equals("any") ? null : category, condition));
    Arbitrary<List<Object>> event = Combinators.combine(
        value(List.of("process", "network", "file", "Process")),
        value(TERMS), value(TERMS), value(TERMS), value(TERMS), value(TERMS), value(IPS), pid())
        .as((category, os, type, action, name, parent, ip, pid) -> java.util.Arrays.asList(
            category, os, type, action, name, parent, ip, pid));
    // The mask threshold decides which keys filter by masks and which are looked up: try both.
    return Combinators.combine(query.list().ofMinSize(1).ofMaxSize(40), event.list().ofMinSize(1).ofMaxSize(20),
        Arbitraries.of(1, 3, StageIndex.MASK_MIN_TARGETS, Integer.MAX_VALUE))
        .as(Case::new);
  }

  /** Missing, one value, or two. */
  private static Arbitrary<Object> value(List<String> terms) {
    Arbitrary<String> term = Arbitraries.of(terms);
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        term.map(t -> (Object) t),
        term.array(String[].class).ofSize(2).map(many -> (Object) many));
  }

  private static Arbitrary<Object> pid() {
    return value(PIDS);
  }

  private static Arbitrary<Expression> condition(int depth) {
    Arbitrary<Expression> leaf = Arbitraries.integers().between(0, FIELDS.size() - 1).flatMap(field -> {
      String name = FIELDS.get(field);
      List<String> terms = name.endsWith(".ip") ? IPS : TERMS;
      return leaf(name, terms);
    });
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expression> inner = condition(depth - 1);
    // An `or` whose branches both constrain one field, the shape the index keys by the union.
    Arbitrary<Expression> sameFieldOr = Arbitraries.integers().between(0, FIELDS.size() - 1).flatMap(field -> {
      String name = FIELDS.get(field);
      List<String> terms = name.endsWith(".ip") ? IPS : TERMS;
      Arbitrary<Expression> branch = Combinators.combine(leaf(name, terms), inner).as(And::new);
      return Combinators.combine(branch, Arbitraries.oneOf(branch, leaf(name, terms))).as(Or::new);
    });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(2, sameFieldOr),
        net.jqwik.api.Tuple.of(4, Combinators.combine(inner, inner).as(And::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as(Or::new)),
        net.jqwik.api.Tuple.of(1, inner.map(Not::new)));
  }

  /** Whether a regex condition's patterns are valid expressions (wildcard lists always are). */
  private static boolean compiles(Expression expression) {
    PatternMatch match = (PatternMatch) expression;
    if (match.operator() != PatternOperator.REGEX && match.operator() != PatternOperator.REGEX_INSENSITIVE) {
      return true;
    }
    try {
      match.patterns().forEach(p -> java.util.regex.Pattern.compile(p.asText()));
      return true;
    } catch (java.util.regex.PatternSyntaxException invalid) {
      return false;
    }
  }

  private static Arbitrary<Expression> leaf(String name, List<String> terms) {
    Field field = new Field(name);
    if (name.equals("process.pid")) {
      // Ordering comparisons, and null constants, on a number: keys on the field's presence only.
      Arbitrary<Literal> number = Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(4, 8).map(Literal::new)),
          net.jqwik.api.Tuple.of(1, Arbitraries.just(Literal.NULL)));
      return Arbitraries.oneOf(
          Combinators.combine(Arbitraries.of(ComparisonOperator.values()), number)
              .filter((operator, value) -> !value.isNull() || operator == ComparisonOperator.EQ
                  || operator == ComparisonOperator.NEQ)
              .as((operator, value) -> new Comparison(field, operator, value, AT)),
          Combinators.combine(Arbitraries.longs().between(4, 8).map(Literal::new).list().ofMinSize(1).ofMaxSize(3),
                  Arbitraries.of(true, false))
              .as((values, negated) -> new InList(field, values, false, negated, AT)));
    }
    // Now and then a null constant: `== null` holds on a missing field.
    Arbitrary<Literal> constant = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(terms).map(Literal::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Literal.NULL)));
    Arbitrary<List<Literal>> literals = Arbitraries.of(terms).map(Literal::new).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Expression> comparison = Combinators.combine(
        Arbitraries.of(ComparisonOperator.EQ, ComparisonOperator.NEQ), constant)
        .as((operator, value) -> new Comparison(field, operator, value, AT));
    Arbitrary<Expression> in = Combinators.combine(literals, Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((values, insensitive, negated) -> new InList(field, values, insensitive, negated, AT));
    Arbitrary<Expression> pattern = Combinators.combine(Arbitraries.of(PatternOperator.values()), literals)
        .as((operator, values) -> (Expression) new PatternMatch(field, operator, values, AT))
        .filter(StageIndexProperties::compiles);
    if (name.endsWith(".ip")) {
      return Arbitraries.oneOf(comparison, pattern.filter(p -> ((PatternMatch) p).operator() == PatternOperator.SEQ));
    }
    Arbitrary<Expression> ordering = Combinators.combine(
        Arbitraries.of(ComparisonOperator.LT, ComparisonOperator.LTE, ComparisonOperator.GT, ComparisonOperator.GTE),
        Arbitraries.of(terms)).as((operator, term) -> new Comparison(field, operator, new Literal(term), AT));
    Arbitrary<Expression> number = Arbitraries.just(
        new Comparison(field, ComparisonOperator.EQ, new Literal(1L), AT));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, comparison), net.jqwik.api.Tuple.of(3, in),
        net.jqwik.api.Tuple.of(3, pattern), net.jqwik.api.Tuple.of(1, number), net.jqwik.api.Tuple.of(1, ordering));
  }
}
