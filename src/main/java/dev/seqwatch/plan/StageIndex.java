package dev.seqwatch.plan;

import dev.seqwatch.eql.Expression;
import dev.seqwatch.eql.Expression.And;
import dev.seqwatch.eql.Expression.Comparison;
import dev.seqwatch.eql.Expression.InList;
import dev.seqwatch.eql.Expression.Or;
import dev.seqwatch.eql.Expression.PatternMatch;
import dev.seqwatch.eql.ComparisonOperator;
import dev.seqwatch.eql.Literal;
import dev.seqwatch.eql.PatternOperator;
import dev.seqwatch.eql.Query.EventQuery;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of many conditions (the stages and until conditions of every loaded rule, called targets
 * here, numbered by their position) can possibly hold for an event, decided with a few hash
 * lookups instead of evaluating each. Immutable and thread-safe; {@link #select} allocates nothing
 * beyond folding a value that holds upper-case letters.
 *
 * <p>Invariant: {@link #select} never leaves out a target whose condition holds for the event. It
 * may keep targets whose condition fails: the caller still evaluates the full condition of every
 * target selected, so matching with the index gives exactly what evaluating every condition gives.
 *
 * <p>How: a target's <em>keys</em> are necessary conditions read off its parsed query, each "some
 * value of field F is one of the terms T", exact or ASCII case-folded: the category of {@code
 * <category> where} (§1, exact), and every top-level {@code and} conjunct of the form {@code F ==
 * "x"}, {@code F in ("x", …)} (exact, §2.1, §2.2), {@code F in~ (…)}, or {@code F : (…)}, {@code F
 * like~ (…)} without wildcards (folded, §2.5, §2.7), {@code F like (…)} without wildcards (exact).
 * An {@code or} whose two sides both constrain one field F gives F the union of their terms (an
 * event that satisfies either side has one of them). Nothing is read from under {@code not}, nor
 * from an {@code or} whose sides constrain no common field, and fields compared as IP addresses
 * (§2.11), numbers or dates (§10.5, §13: by their mapping) or with number constants give no key,
 * so every key is implied by the condition the planner compiles. Terms are looked up ASCII-folded whatever the operator: for an exact condition that
 * selects a superset, which the invariant allows. The targets are then arranged in a decision tree
 * in the manner of Esper's filter service ({@code FilterParamIndexEquals}): each node splits on the
 * field constrained by most of its targets, a hash table from term to child node; targets without a
 * key on that field go on to the node's {@code rest}. A target with several terms sits under each of them; a target with no key
 * left sits in the node's always-selected list. An event walks the children its values name and
 * every {@code rest}, so a target is dropped only when the event has none of the terms of one of
 * its keys.
 */
public final class StageIndex {

  /** A node with fewer targets is not split further: a lookup would cost about what it saves. */
  private static final int MIN_SPLIT = 4;
  /** Bounds the tree's depth. */
  private static final int MAX_DEPTH = 8;
  /**
   * Bounds the places one target sits in: a target with several keys of many terms would otherwise
   * sit under every combination. A key that would pass the bound is left unused (still sound: the
   * target goes to {@code rest}).
   */
  private static final int MAX_COPIES = 64;

  private final Node root;
  private final int size;

  private StageIndex(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  /**
   * Indexes {@code targets}, target {@code i} being {@code targets.get(i)}; {@code schema} gives the
   * slots of the fields, as the planner allocated them.
   */
  public static StageIndex build(List<EventQuery> targets, FieldSchema schema) {
    Map<String, Integer> slots = new HashMap<>();
    for (int slot = 0; slot < schema.size(); slot++) {
      slots.put(schema.name(slot), slot);
    }
    List<Entry> entries = new ArrayList<>();
    for (int target = 0; target < targets.size(); target++) {
      entries.add(new Entry(target, keys(targets.get(target), slots, schema), 1));
    }
    return new StageIndex(node(entries, 0), targets.size());
  }

  /** How many targets there are. */
  public int size() {
    return size;
  }

  /** A selection to pass to {@link #select}; one per thread. */
  public long[] newSelection() {
    return new long[(size + 63) >>> 6];
  }

  /**
   * Sets in {@code selection} (from {@link #newSelection}) exactly the bits of the targets that may
   * hold for an event with these values, clearing the others. Iterate with {@link #next}.
   */
  public void select(Object[] values, long[] selection) {
    Arrays.fill(selection, 0L);
    visit(root, values, selection);
  }

  /** The first target at or after {@code from} set in {@code selection}, or -1. */
  public static int next(long[] selection, int from) {
    int word = from >>> 6;
    if (word >= selection.length) {
      return -1;
    }
    long bits = selection[word] & (-1L << from);
    while (bits == 0) {
      if (++word == selection.length) {
        return -1;
      }
      bits = selection[word];
    }
    return (word << 6) + Long.numberOfTrailingZeros(bits);
  }

  private static void visit(Node node, Object[] values, long[] selection) {
    for (Node at = node; at != null; at = at.rest) {
      for (int target : at.always) {
        selection[target >>> 6] |= 1L << target;
      }
      if (at.children == null) {
        continue;
      }
      Object value = values[at.slot];
      if (value instanceof String single) {
        visitChild(at, single, values, selection);
      } else if (value instanceof String[] many) {
        for (String each : many) {
          visitChild(at, each, values, selection);
        }
      }
    }
  }

  private static void visitChild(Node node, String value, Object[] values, long[] selection) {
    Node child = node.children.get(value);
    if (child != null) {
      visit(child, values, selection);
    }
  }

  /**
   * "Some value of the field in {@code slot} is one of {@code terms}". Terms are kept ASCII-folded
   * even for an exact condition: looking up a folded value selects a superset of what the exact
   * condition accepts, which the invariant allows, and lets exact and case-insensitive conditions
   * on one field share one table.
   */
  private record Key(int slot, Set<String> terms) {
  }

  private record Entry(int target, List<Key> keys, int copies) {
    Key key(int slot) {
      for (Key key : keys) {
        if (key.slot() == slot) {
          return key;
        }
      }
      return null;
    }

    Entry without(Key used, int times) {
      List<Key> rest = new ArrayList<>(keys);
      rest.remove(used);
      return new Entry(target, rest, copies * times);
    }
  }

  private static final class Node {
    final int[] always;
    final int slot;
    final FoldedTable children;
    final Node rest;

    Node(int[] always, int slot, FoldedTable children, Node rest) {
      this.always = always;
      this.slot = slot;
      this.children = children;
      this.rest = rest;
    }
  }

  /**
   * Folded terms to child nodes, open addressing probed with a folding hash, so that a lookup never
   * builds a lower-cased copy of the event's value (as {@link TermSet} does).
   */
  private static final class FoldedTable {
    private final String[] terms;
    private final Node[] nodes;
    private final int mask;

    FoldedTable(Map<String, Node> children) {
      int capacity = Integer.highestOneBit(Math.max(4, children.size() * 4) - 1) << 1;
      terms = new String[capacity];
      nodes = new Node[capacity];
      mask = capacity - 1;
      children.forEach((term, node) -> {
        int i = spread(AsciiCase.hash(term)) & mask;
        while (terms[i] != null) {
          i = (i + 1) & mask;
        }
        terms[i] = term;
        nodes[i] = node;
      });
    }

    private static int spread(int hash) {
      return hash ^ (hash >>> 16);
    }

    Node get(String value) {
      for (int i = spread(AsciiCase.hash(value)) & mask; ; i = (i + 1) & mask) {
        String term = terms[i];
        if (term == null) {
          return null;
        }
        if (AsciiCase.equalsFolded(value, term)) {
          return nodes[i];
        }
      }
    }
  }

  private static Node node(List<Entry> entries, int depth) {
    if (entries.isEmpty()) {
      return null;
    }
    int split = entries.size() < MIN_SPLIT || depth == MAX_DEPTH ? -1 : mostConstrained(entries);
    if (split < 0) {
      return new Node(entries.stream().mapToInt(Entry::target).toArray(), -1, null, null);
    }
    Map<String, List<Entry>> byTerm = new LinkedHashMap<>();
    List<Entry> rest = new ArrayList<>();
    for (Entry entry : entries) {
      Key key = entry.key(split);
      if (key == null) {
        rest.add(entry);
        continue;
      }
      if (entry.copies() * key.terms().size() > MAX_COPIES) {
        rest.add(entry.without(key, 1));
        continue;
      }
      Entry remaining = entry.without(key, key.terms().size());
      for (String term : key.terms()) {
        byTerm.computeIfAbsent(term, t -> new ArrayList<>()).add(remaining);
      }
    }
    Map<String, Node> children = new HashMap<>();
    byTerm.forEach((term, under) -> children.put(term, node(under, depth + 1)));
    return new Node(new int[0], split, new FoldedTable(children), node(rest, depth + 1));
  }

  /** The field most entries have a key on, if at least two have; the first such on a tie; or -1. */
  private static int mostConstrained(List<Entry> entries) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    for (Entry entry : entries) {
      Set<Integer> seen = new LinkedHashSet<>();
      for (Key key : entry.keys()) {
        if (seen.add(key.slot())) {
          counts.merge(key.slot(), 1, Integer::sum);
        }
      }
    }
    int best = -1;
    int most = 1;
    for (Map.Entry<Integer, Integer> count : counts.entrySet()) {
      if (count.getValue() > most) {
        best = count.getKey();
        most = count.getValue();
      }
    }
    return best;
  }

  /** The necessary conditions of {@code query} that the index can look up; see the class doc. */
  private static List<Key> keys(EventQuery query, Map<String, Integer> slots, FieldSchema schema) {
    List<Key> keys = new ArrayList<>();
    Integer category = slots.get("event.category");
    if (query.category() != null && category != null) {
      keys.add(new Key(category, Set.of(AsciiCase.fold(query.category()))));
    }
    conjuncts(query.condition(), slots, schema, keys);
    return keys;
  }

  private static void conjuncts(Expression expression, Map<String, Integer> slots, FieldSchema schema,
      List<Key> into) {
    if (expression instanceof And and) {
      conjuncts(and.left(), slots, schema, into);
      conjuncts(and.right(), slots, schema, into);
      return;
    }
    if (expression instanceof Or or) {
      // An event that passes `l or r` passes l or r, so it carries a term of l's key on a field or
      // one of r's key on the same field: the union of both keys is a necessary condition.
      List<Key> left = new ArrayList<>();
      List<Key> right = new ArrayList<>();
      conjuncts(or.left(), slots, schema, left);
      conjuncts(or.right(), slots, schema, right);
      for (Key l : left) {
        for (Key r : right) {
          if (l.slot() == r.slot()) {
            Set<String> union = new LinkedHashSet<>(l.terms());
            union.addAll(r.terms());
            into.add(new Key(l.slot(), union));
            break;
          }
        }
      }
      return;
    }
    Key key = null;
    if (expression instanceof Comparison comparison && comparison.operator() == ComparisonOperator.EQ) {
      key = key(comparison.field().name(), List.of(comparison.value()), slots, schema);
    } else if (expression instanceof InList in && !in.negated()) {
      key = key(in.field().name(), in.values(), slots, schema);
    } else if (expression instanceof PatternMatch match && isWildcardFamily(match.operator())
        && match.patterns().stream().noneMatch(p -> p.isString() && WildcardMatcher.hasWildcard(p.asText()))) {
      key = key(match.field().name(), match.patterns(), slots, schema);
    }
    if (key != null) {
      into.add(key);
    }
  }

  private static boolean comparesAsText(FieldType type) {
    return type == FieldType.KEYWORD || type == FieldType.TEXT || type == FieldType.DYNAMIC
        || type == FieldType.BOOLEAN || type == FieldType.VERSION;
  }

  private static boolean isWildcardFamily(PatternOperator operator) {
    return operator == PatternOperator.SEQ || operator == PatternOperator.LIKE
        || operator == PatternOperator.LIKE_INSENSITIVE;
  }

  /**
   * A key on string constants of a field compared as text, or null when the condition is of another
   * kind. Only fields whose mapping the planner compares as their text (§13: keyword, text, boolean,
   * version equality, and fields in no mapping) give keys: an {@code ip} field compares addresses, a
   * {@code long}/{@code double} field numbers ({@code "05"} equals 5), a {@code date} field instants,
   * so a term of those need not be the value's text.
   */
  private static Key key(String field, List<Literal> values, Map<String, Integer> slots, FieldSchema schema) {
    Integer slot = slots.get(field);
    if (slot == null || !comparesAsText(schema.mapping(slot).type())
        || values.stream().anyMatch(value -> !value.isString())) {
      return null;
    }
    Set<String> terms = new LinkedHashSet<>();
    for (Literal value : values) {
      terms.add(AsciiCase.fold(value.asText()));
    }
    return new Key(slot, terms);
  }
}
