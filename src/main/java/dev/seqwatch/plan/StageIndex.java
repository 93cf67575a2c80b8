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
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.FieldType;
import dev.seqwatch.plan.regexp.LuceneRegExp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Which of many conditions (the stages and until conditions of every loaded rule, called targets
 * here, numbered by their position) can possibly hold for an event, decided with a few hash
 * lookups and word-wide bit operations instead of evaluating each. Immutable and thread-safe;
 * {@link #select} allocates only the list of masks of a multi-valued mask field, and, when its
 * {@link Memo} remembers a value that more than one of a field's tables name, one array of their
 * targets.
 *
 * <p>Invariant: {@link #select} never leaves out a target whose condition holds for the event. It
 * may keep targets whose condition fails: the caller still evaluates, for every target selected,
 * its {@link #residual} condition, which for a selected target holds exactly when the full
 * condition does, so matching with the index gives exactly what evaluating every condition gives.
 *
 * <p>How: a target's <em>keys</em> are necessary conditions read off its parsed query, each "some
 * value of field F is one of the terms T, or starts with one of the prefixes P, or ends with one of
 * the suffixes S, or contains one of the infixes I", ASCII case-folded: the category of {@code
 * <category> where} (§1), and every top-level {@code and} conjunct of the form {@code F == "x"},
 * {@code F in ("x", …)} (§2.1, §2.2), {@code F in~ (…)}, or {@code F : (…)}, {@code F like (…)},
 * {@code F like~ (…)} (§2.5, §2.7) whose patterns each have a prefix before their first {@code *}
 * or a suffix after their last with a character other than {@code ?} ({@code "python*"}, {@code
 * "*.exe"}, {@code "?:\\Windows\\*"}), or else, as an infix, a run of at least three characters
 * between wildcards ({@code "*_mcp_server*"}; a pattern such as {@code "*?*"} has none, and its
 * list gives no key), and {@code F regex (…)} or
 * {@code F regex~ (…)} whose patterns each start or end with literal text ({@code "php?[0-9]?"}
 * with {@code "ph"}, {@code ".*\\.exe"} with {@code ".exe"}), a prefix or suffix like a wildcard's.
 * An {@code or} whose two sides both constrain one field F gives F the union of their keys (an
 * event that satisfies either side satisfies one of them); an {@code or} whose sides constrain
 * different fields gives alternatives, the rarest key of each side (below), one of which holds.
 * Nothing is read from
 * under {@code not}, nor from an {@code or} whose sides constrain no common field, and fields
 * compared as IP addresses (§2.11), numbers or dates (§10.5, §13: by their mapping) or with number
 * constants give no key on terms, so every key is implied by the condition the planner compiles.
 * Terms are looked up ASCII-folded whatever the operator: for an exact condition that selects a
 * superset, which the invariant allows. A conjunct that gives no key on terms but cannot hold on a
 * missing field (a pattern without a literal end or infix, a regular expression without a literal start,
 * an ordering comparison, {@code != null}; not {@code !=} a constant, true on a missing field,
 * §2.3) gives a key on the field's presence: selected by any value, the last resort of a target
 * without a key on terms. Elastic's rule set has such targets on fields that whole data sources
 * lack ({@code url.original} with infix patterns, machine-learning scores), and they were tested
 * against every event.
 *
 * <p>Keys are used in two ways, both of which only ever drop targets whose key the event fails:
 * <ul>
 *   <li><b>Masks</b> for the fields that many targets constrain with exact terms: the category,
 *       {@code host.os.type}, {@code event.type}, {@code event.action} and the like. Such a field
 *       has one bit mask per term (the targets that accept it, and those without a key on the
 *       field), and the event's selection is intersected with the mask of its value. Rules repeat
 *       these few generic terms, so a table per term costs little and one lookup removes, say,
 *       every Windows stage from a Linux event. A target whose condition has a term conjunct on
 *       the field ({@code ==}, {@code in}, {@code in~}, and {@code :} or {@code like} of terms) is
 *       admitted by that conjunct itself, exactly: its terms folded when it ignores case, spelled
 *       as written when it does not, none longer than the field's {@code ignore_above}. The mask
 *       then checks the conjunct for the target, and {@link #residual} leaves it out of what is
 *       tested after selection: rules repeat {@code host.os.type == "windows"} and {@code
 *       event.type == "start"} by the hundred, and each tested them for every event it got.
 *   <li><b>Lookups</b> for each target's most selective other key: the key whose terms the rule set
 *       names least often (rules name {@code "linux"} hundreds of times and {@code "kworker*"}
 *       once, and a term rules rarely name is, as a rule, rarely an event's value), or its rarest
 *       alternatives, each looked up in its own field. The event's
 *       value is looked up in that field's table of terms, walked through its tries of prefixes
 *       and suffixes, and, folded once, searched for its infixes; a target with such a key is
 *       selected only when one matches. A key with infixes is chosen only over one on the field's
 *       presence ({@link #INFIX_COST}), and a field scanned for more than {@link #MAX_INFIXES}
 *       selects their targets by its presence. This is what an
 *       inverted index does for the rarest term of a query, and it is why the index, unlike a
 *       decision tree that splits on the most common field first, keeps a stage such as {@code
 *       process.name in ("strings")} away from every other Linux exec.
 * </ul>
 */
public final class StageIndex {

  /**
   * A field constrained with exact terms by at least this many targets (or, in a small set, by a
   * quarter of them) filters by masks: below it, one more mask to intersect per event costs about
   * what it saves.
   */
  static final int MASK_MIN_TARGETS = 16;
  /** Bounds a mask field's memory: one mask per term. A field with more terms is looked up. */
  private static final int MASK_MAX_TERMS = 512;
  /**
   * What a key with infixes costs beyond its namings: more than any on terms, prefixes and suffixes,
   * which are looked up, less than one on presence, since a value must be scanned for each infix.
   */
  private static final long INFIX_COST = 1L << 31;
  /**
   * The shortest infix that keys a pattern with no literal start or end ({@code "*mcp_server*"}):
   * shorter ones are in too many values to be worth the scan.
   */
  private static final int MIN_INFIX = 3;
  /**
   * The most infixes a field is scanned for. A field with more (command lines, where rules look for
   * many fragments) would cost each event with a value more than the conditions it spares; the
   * targets keyed by its infixes are then selected by the field's presence.
   */
  static final int MAX_INFIXES = 8;
  /** What a key on a field's presence costs beyond its namings: more than any rule set names a term. */
  private static final long PRESENCE_COST = 1L << 32;

  private final int size;
  private final long[] unkeyed;
  private final Lookup[] lookups;
  /**
   * The slot of each lookup's field, apart from the lookups: Elastic's rule set looks up some 160
   * fields, of which an event fills a few dozen, and reading each absent field's slot from its
   * lookup touched one more object per lookup and event.
   */
  private final int[] lookupSlots;
  private final MaskFilter[] filters;

  /** Each target's condition without the term conjuncts its masks check ({@link #residual}). */
  private final EventPredicate[] residuals;

  private StageIndex(int size, long[] unkeyed, Lookup[] lookups, MaskFilter[] filters, EventPredicate[] residuals) {
    this.size = size;
    this.unkeyed = unkeyed;
    this.lookups = lookups;
    this.lookupSlots = Arrays.stream(lookups).mapToInt(lookup -> lookup.slot).toArray();
    this.filters = filters;
    this.residuals = residuals;
  }

  /**
   * Indexes {@code targets}, target {@code i} being {@code targets.get(i)}; {@code conditions} are
   * their compiled conditions, in the same order, whose term conjuncts the masks may check ({@link
   * #residual}); {@code schema} gives the slots of the fields, as the planner allocated them.
   */
  public static StageIndex build(List<EventQuery> targets, List<EventPredicate> conditions, FieldSchema schema) {
    return build(targets, conditions, schema, Math.min(MASK_MIN_TARGETS, Math.max(2, targets.size() / 4)));
  }

  /** As {@link #build(List, List, FieldSchema)}, with the mask threshold chosen (tests try several). */
  static StageIndex build(List<EventQuery> targets, List<EventPredicate> conditions, FieldSchema schema,
      int maskMinTargets) {
    Map<String, Integer> slots = new HashMap<>();
    for (int slot = 0; slot < schema.size(); slot++) {
      slots.put(schema.name(slot), slot);
    }
    // Two passes: the first counts how often the rule set names each term, which the second needs
    // to pick, for an `or` whose sides constrain different fields, each side's rarest key.
    List<Necessary> first = new ArrayList<>();
    for (EventQuery target : targets) {
      first.add(Necessary.of(target, slots, schema, null));
    }
    Map<String, Integer> namings = namings(first);
    List<Necessary> necessary = new ArrayList<>();
    for (EventQuery target : targets) {
      necessary.add(Necessary.of(target, slots, schema, namings));
    }
    List<List<Key>> keys = necessary.stream().map(Necessary::fields).toList();
    int size = targets.size();
    int words = (size + 63) >>> 6;
    Set<Integer> maskSlots = maskSlots(keys, maskMinTargets);

    long[] unkeyed = new long[words];
    Map<Integer, Lookup.Builder> lookups = new TreeMap<>();
    for (int target = 0; target < size; target++) {
      List<Key> primary = null;
      long cost = Long.MAX_VALUE;
      for (List<Key> alternatives : necessary.get(target).lookupCandidates(maskSlots)) {
        long alternativesCost = cost(alternatives, namings);
        if (alternativesCost < cost) {
          primary = alternatives;
          cost = alternativesCost;
        }
      }
      if (primary == null) {
        unkeyed[target >>> 6] |= 1L << target;
      } else {
        for (Key key : primary) {
          lookups.computeIfAbsent(key.slot(), Lookup.Builder::new).add(key, target);
        }
      }
    }
    List<List<Predicates.TermConjunct>> termConjuncts = conditions.stream().map(Predicates::termConjuncts).toList();
    List<Set<EventPredicate>> checked = new ArrayList<>();
    for (int target = 0; target < size; target++) {
      checked.add(Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    List<MaskFilter> filters = new ArrayList<>();
    for (int slot : new TreeSet<>(maskSlots)) {
      filters.add(MaskFilter.build(slot, keys, termConjuncts, checked, words));
    }
    EventPredicate[] residuals = new EventPredicate[size];
    for (int target = 0; target < size; target++) {
      residuals[target] = Predicates.without(conditions.get(target), checked.get(target));
    }
    return new StageIndex(size, unkeyed,
        lookups.values().stream().map(Lookup.Builder::build).toArray(Lookup[]::new),
        filters.toArray(MaskFilter[]::new), residuals);
  }

  /** Fields that at least {@code minTargets} targets constrain with exact terms, of few terms. */
  private static Set<Integer> maskSlots(List<List<Key>> keys, int minTargets) {
    Map<Integer, Integer> targets = new HashMap<>();
    Map<Integer, Set<String>> terms = new HashMap<>();
    for (List<Key> targetKeys : keys) {
      for (Key key : targetKeys) {
        if (key.isExact()) {
          targets.merge(key.slot(), 1, Integer::sum);
          terms.computeIfAbsent(key.slot(), s -> new HashSet<>()).addAll(key.terms());
        }
      }
    }
    Set<Integer> slots = new HashSet<>();
    targets.forEach((slot, count) -> {
      if (count >= minTargets && terms.get(slot).size() <= MASK_MAX_TERMS) {
        slots.add(slot);
      }
    });
    return slots;
  }

  /** How many targets name each term, prefix and suffix on each field: the rarity estimate. */
  private static Map<String, Integer> namings(List<Necessary> targets) {
    Map<String, Integer> namings = new HashMap<>();
    for (Necessary target : targets) {
      for (Key key : target.fields()) {
        key.forEachName(name -> namings.merge(name, 1, Integer::sum));
      }
    }
    return namings;
  }

  /**
   * How often the rule set names any of these keys' alternatives: lower is rarer, so more selective.
   * Alternatives with a key on a field's mere presence cost more than any on terms, so that they are
   * used only by a target without those; among them, the field fewer rules name is preferred, as
   * a field named by hundreds of rules ({@code process.parent.executable != null}) is in most
   * events, and one named by two (a machine-learning job's score) in few.
   */
  private static long cost(List<Key> alternatives, Map<String, Integer> namings) {
    long[] cost = {0};
    for (Key key : alternatives) {
      key.forEachName(name -> cost[0] += namings.getOrDefault(name, 1));
    }
    if (alternatives.stream().anyMatch(Key::anyValue)) {
      return PRESENCE_COST + cost[0];
    }
    return alternatives.stream().anyMatch(Key::hasInfixes) ? INFIX_COST + cost[0] : cost[0];
  }

  /**
   * What is left to test of target {@code target}'s condition when {@link #select} selected it: the
   * condition without the term conjuncts its masks check exactly. For an event the index selects
   * it holds exactly when the whole condition does.
   */
  public EventPredicate residual(int target) {
    return residuals[target];
  }

  /** How many targets there are. */
  public int size() {
    return size;
  }

  /** A selection to pass to {@link #select}; one per thread. */
  public long[] newSelection() {
    return new long[unkeyed.length];
  }

  /** A memo to pass to {@link #select}: one per thread and batch. */
  public Memo newMemo() {
    return new Memo();
  }

  /**
   * What the lookups and the mask filters found for the short values of one batch, by the values'
   * identity. The reader gives a batch's equal short values one string ({@code RepeatedStrings}),
   * so an event's process name, parent name, path or action is most often a string that an earlier
   * event of the batch already looked up: remembered, its terms' hash, its walks through the tries,
   * its scans for infixes and a mask filter's probe of its terms are done once per batch instead of
   * once per event. A string's content never changes, so what was found for it stays right; a
   * value longer than those the reader shares is a new string at every event, and is not
   * remembered.
   *
   * <p>A direct-mapped table: an entry goes to one slot by the value's hash and the lookup, and
   * replaces what the slot held, so a look is one hash (cached in the string) and one comparison.
   * Sets of two slots, as {@code RepeatedStrings} has, missed less but cost more than they saved
   * (docs/benchmarks.md, forty-fifth session). Used by one thread.
   */
  public static final class Memo {
    /** Longer values are not remembered: the reader makes a new string for each of them. */
    static final int MAX_LENGTH = EventReader.SHARED_VALUE_MAX_LENGTH;
    private static final int[] NOTHING = new int[0];

    private final String[] values;
    private final int[] lookups;
    /** The targets each remembered look up found, as one array (see {@link Hits#take}). */
    private final int[][] found;
    private final Hits hits = new Hits();
    private final int mask;
    /** The same for the mask filters: a value's mask, by the value's identity and the filter. */
    private final String[] maskValues;
    private final int[] maskFilters;
    private final long[][] masks;

    Memo() {
      this(1 << 11);
    }

    /** A memo of {@code slots} entries, a power of two; tests use few, so that entries collide. */
    Memo(int slots) {
      values = new String[slots];
      lookups = new int[slots];
      found = new int[slots][];
      maskValues = new String[slots];
      maskFilters = new int[slots];
      masks = new long[slots][];
      mask = slots - 1;
    }

    private int slot(int lookup, String value) {
      return (value.hashCode() * 31 + lookup) & mask;
    }
  }

  /** The target arrays one look up of a value found, gathered before they are set. */
  private static final class Hits {
    private int[][] arrays = new int[8][];
    private int count;

    void add(int[] targets) {
      if (targets.length == 0) {
        return;
      }
      if (count == arrays.length) {
        arrays = Arrays.copyOf(arrays, count * 2);
      }
      arrays[count++] = targets;
    }

    /** Sets the targets added since the last call in {@code selection}, and starts again. */
    void setIn(long[] selection) {
      for (int i = 0; i < count; i++) {
        set(selection, arrays[i]);
        arrays[i] = null;
      }
      count = 0;
    }

    /**
     * The targets added since the last call, as one array, and starts again: the table's own array
     * when one was added, else a new one holding them all. One array, not an array of them, so that
     * a remembered look up reaches its targets through one reference less: each was a cache miss
     * for a memo entry made earlier in the batch (matching 2 to 3 % faster, docs/benchmarks.md,
     * forty-sixth session).
     */
    int[] take() {
      int[] taken;
      if (count <= 1) {
        taken = count == 0 ? Memo.NOTHING : arrays[0];
      } else {
        int length = 0;
        for (int i = 0; i < count; i++) {
          length += arrays[i].length;
        }
        taken = new int[length];
        int at = 0;
        for (int i = 0; i < count; i++) {
          System.arraycopy(arrays[i], 0, taken, at, arrays[i].length);
          at += arrays[i].length;
        }
      }
      Arrays.fill(arrays, 0, count, null);
      count = 0;
      return taken;
    }
  }

  /**
   * Sets in {@code selection} (from {@link #newSelection}) exactly the bits of the targets that may
   * hold for an event with these values, clearing the others. Iterate with {@link #next}. What each
   * lookup finds for a short value is remembered in {@code memo} (from {@link #newMemo}) and reused
   * for the same string.
   */
  public void select(Object[] values, long[] selection, Memo memo) {
    System.arraycopy(unkeyed, 0, selection, 0, unkeyed.length);
    for (int i = 0; i < lookupSlots.length; i++) {
      Object value = values[lookupSlots[i]];
      if (value != null) {
        lookups[i].select(i, value, selection, memo);
      }
    }
    for (int i = 0; i < filters.length; i++) {
      filters[i].apply(i, values[filters[i].slot], selection, memo);
    }
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

  /**
   * "Some value of the field in {@code slot} is one of {@code terms}, or starts with one of {@code
   * prefixes}, or ends with one of {@code suffixes}, or contains one of {@code infixes}", all
   * ASCII-folded: looking up a folded value selects a superset of what an exact condition accepts,
   * which the invariant allows, and lets exact and case-insensitive conditions on one field share
   * one table. With {@code anyValue}, the key is "the field has a value", whatever it is, and the
   * four sets are empty.
   */
  private record Key(int slot, Set<String> terms, Set<String> prefixes, Set<String> suffixes, Set<String> infixes,
      boolean anyValue) {

    Key(int slot, Set<String> terms, Set<String> prefixes, Set<String> suffixes, Set<String> infixes) {
      this(slot, terms, prefixes, suffixes, infixes, false);
    }

    static Key present(int slot) {
      return new Key(slot, Set.of(), Set.of(), Set.of(), Set.of(), true);
    }

    boolean isExact() {
      return !anyValue && prefixes.isEmpty() && suffixes.isEmpty() && infixes.isEmpty();
    }

    /** Whether an event's value must be searched for this key's infixes. */
    boolean hasInfixes() {
      return !infixes.isEmpty();
    }

    Key union(Key other) {
      if (anyValue || other.anyValue) {
        return present(slot);
      }
      return new Key(slot, joined(terms, other.terms), joined(prefixes, other.prefixes),
          joined(suffixes, other.suffixes), joined(infixes, other.infixes));
    }

    private static Set<String> joined(Set<String> a, Set<String> b) {
      Set<String> union = new LinkedHashSet<>(a);
      union.addAll(b);
      return union;
    }

    void forEachName(Consumer<String> action) {
      if (anyValue) {
        action.accept(slot + "?");
      }
      terms.forEach(term -> action.accept(slot + "=" + term));
      prefixes.forEach(prefix -> action.accept(slot + "^" + prefix));
      suffixes.forEach(suffix -> action.accept(slot + "$" + suffix));
      infixes.forEach(infix -> action.accept(slot + "*" + infix));
    }
  }

  private static void set(long[] selection, int[] targets) {
    for (int target : targets) {
      selection[target >>> 6] |= 1L << target;
    }
  }

  /**
   * The targets whose most selective key is on one field: a table of folded terms and tries of
   * folded prefixes and suffixes, each leading to the targets that name it.
   */
  private static final class Lookup {
    final int slot;
    /** The targets whose key is the field's presence: selected by any value. */
    private final int[] present;
    private final FoldedTable<int[]> terms;
    private final Trie prefixes;
    private final Trie suffixes;
    /** Folded infixes, each with its targets at the same index; null if none. */
    private final String[] infixes;
    private final int[][] infixTargets;

    private Lookup(int slot, int[] present, FoldedTable<int[]> terms, Trie prefixes, Trie suffixes,
        String[] infixes, int[][] infixTargets) {
      this.slot = slot;
      this.present = present;
      this.terms = terms;
      this.prefixes = prefixes;
      this.suffixes = suffixes;
      this.infixes = infixes;
      this.infixTargets = infixTargets;
    }

    /**
     * Selects the targets that {@code value}, not null, may satisfy; {@code index} is this lookup's
     * position, its part of the {@code memo}'s keys.
     */
    void select(int index, Object value, long[] selection, Memo memo) {
      set(selection, present);
      if (value instanceof String single) {
        select(index, single, selection, memo);
      } else if (value instanceof String[] many) {
        for (String each : many) {
          select(index, each, selection, memo);
        }
      }
    }

    private void select(int index, String value, long[] selection, Memo memo) {
      if (value.length() > Memo.MAX_LENGTH) {
        find(value, memo.hits);
        memo.hits.setIn(selection);
        return;
      }
      int slot = memo.slot(index, value);
      if (memo.values[slot] != value || memo.lookups[slot] != index) {
        find(value, memo.hits);
        memo.values[slot] = value;
        memo.lookups[slot] = index;
        memo.found[slot] = memo.hits.take();
      }
      set(selection, memo.found[slot]);
    }

    private void find(String value, Hits hits) {
      int[] named = terms.get(value);
      if (named != null) {
        hits.add(named);
      }
      if (prefixes != null) {
        prefixes.find(value, false, hits);
      }
      if (suffixes != null) {
        suffixes.find(value, true, hits);
      }
      if (infixes != null) {
        String folded = AsciiCase.fold(value);
        for (int i = 0; i < infixes.length; i++) {
          if (folded.contains(infixes[i])) {
            hits.add(infixTargets[i]);
          }
        }
      }
    }

    static final class Builder {
      private final int slot;
      private final List<Integer> present = new ArrayList<>();
      private final Map<String, List<Integer>> terms = new HashMap<>();
      private final Map<String, List<Integer>> prefixes = new HashMap<>();
      private final Map<String, List<Integer>> suffixes = new HashMap<>();
      private final Map<String, List<Integer>> infixes = new LinkedHashMap<>();

      Builder(int slot) {
        this.slot = slot;
      }

      void add(Key key, int target) {
        if (key.anyValue()) {
          present.add(target);
        }
        key.terms().forEach(term -> terms.computeIfAbsent(term, t -> new ArrayList<>()).add(target));
        key.prefixes().forEach(prefix -> prefixes.computeIfAbsent(prefix, t -> new ArrayList<>()).add(target));
        key.suffixes().forEach(suffix -> suffixes.computeIfAbsent(suffix, t -> new ArrayList<>()).add(target));
        key.infixes().forEach(infix -> infixes.computeIfAbsent(infix, t -> new ArrayList<>()).add(target));
      }

      Lookup build() {
        Map<String, int[]> table = new HashMap<>();
        terms.forEach((term, targets) -> table.put(term, toArray(targets)));
        String[] scanned = null;
        int[][] scannedTargets = null;
        if (infixes.size() > MAX_INFIXES) {
          infixes.values().forEach(present::addAll);
        } else if (!infixes.isEmpty()) {
          scanned = infixes.keySet().toArray(String[]::new);
          scannedTargets = infixes.values().stream().map(StageIndex::toArray).toArray(int[][]::new);
        }
        return new Lookup(slot, toArray(present), new FoldedTable<>(table, int[].class),
            prefixes.isEmpty() ? null : Trie.of(prefixes, false),
            suffixes.isEmpty() ? null : Trie.of(suffixes, true), scanned, scannedTargets);
      }
    }
  }

  private static int[] toArray(List<Integer> targets) {
    return targets.stream().mapToInt(Integer::intValue).distinct().toArray();
  }

  /**
   * A trie of folded prefixes (or of suffixes, read from the end), each node with the targets whose
   * key names the text up to it. An event's value walks it one folded character at a time, so a
   * field with many prefixes costs a walk as long as the longest that matches. A {@code ?} in an
   * affix is a wildcard for one code point (§2.6), as in the pattern it comes from: its edge takes
   * any character, or both halves of a surrogate pair, and the walk follows it beside the edge of
   * the character itself.
   *
   * <p>Once built, each chain of nodes with one child and no targets is folded into the node above
   * it as a run of characters that a value must have next, compared from one array. Windows rules'
   * paths made long such chains ({@code "?:\\windows\\system32\\…"}), and a walk node by node
   * touched a node and two arrays per character, each a cache miss: the tries were a sixth of
   * matching in a profile of the server with Elastic's rule set (docs/benchmarks.md).
   */
  private static final class Trie {
    private static final int[] NONE = new int[0];
    private static final char[] EMPTY = new char[0];

    /** What a value must have next on entering this node, before its targets and its edges. */
    private char[] run = EMPTY;
    private char[] labels = EMPTY;
    private Trie[] children = new Trie[0];
    /** The edge of a {@code ?}, or null. */
    private Trie any;
    private int[] targets = NONE;

    static Trie of(Map<String, List<Integer>> affixes, boolean fromEnd) {
      Trie root = new Trie();
      affixes.forEach((affix, targets) -> {
        Trie node = root;
        for (int i = 0; i < affix.length(); i++) {
          node = node.child(affix.charAt(fromEnd ? affix.length() - 1 - i : i));
        }
        node.targets = toArray(targets);
      });
      root.compress();
      return root;
    }

    private Trie child(char label) {
      if (label == '?') {
        return any != null ? any : (any = new Trie());
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == label) {
          return children[i];
        }
      }
      labels = Arrays.copyOf(labels, labels.length + 1);
      children = Arrays.copyOf(children, children.length + 1);
      labels[labels.length - 1] = label;
      return children[children.length - 1] = new Trie();
    }

    /**
     * Folds each chain of one-child nodes without targets into a run (see the class doc); once, on
     * the root of a trie just built, so no node has a run yet.
     */
    private void compress() {
      StringBuilder chain = new StringBuilder();
      while (targets.length == 0 && any == null && labels.length == 1) {
        Trie only = children[0];
        chain.append(labels[0]);
        targets = only.targets;
        labels = only.labels;
        children = only.children;
        any = only.any;
      }
      run = chain.toString().toCharArray();
      for (Trie child : children) {
        child.compress();
      }
      if (any != null) {
        any.compress();
      }
    }

    /** Adds to {@code hits} the targets of every affix of {@code value} in this trie. */
    void find(String value, boolean fromEnd, Hits hits) {
      find(value, fromEnd, 0, hits);
    }

    /** Enters this node with {@code walked} characters of {@code value} behind it. */
    private void find(String value, boolean fromEnd, int walked, Hits hits) {
      Trie node = this;
      int length = value.length();
      int i = walked;
      while (true) {
        char[] run = node.run;
        if (length - i < run.length) {
          return;
        }
        for (char expected : run) {
          if (AsciiCase.fold(value.charAt(fromEnd ? length - 1 - i : i)) != expected) {
            return;
          }
          i++;
        }
        hits.add(node.targets);
        if (i == length) {
          return;
        }
        int at = fromEnd ? length - 1 - i : i;
        if (node.any != null) {
          node.any.find(value, fromEnd, i + codePointWidth(value, at, fromEnd), hits);
        }
        char c = AsciiCase.fold(value.charAt(at));
        Trie next = null;
        char[] labels = node.labels;
        for (int j = 0; j < labels.length; j++) {
          if (labels[j] == c) {
            next = node.children[j];
            break;
          }
        }
        if (next == null) {
          return;
        }
        node = next;
        i++;
      }
    }

    /** How many characters the code point at {@code at} takes, read forwards or from the end. */
    private static int codePointWidth(String value, int at, boolean fromEnd) {
      boolean pair = fromEnd ? at > 0 && WildcardMatcher.isPairAt(value, at - 1) : WildcardMatcher.isPairAt(value, at);
      return pair ? 2 : 1;
    }
  }

  /**
   * A field many targets constrain with exact terms. For each term, the targets the term satisfies:
   * those naming it and those without a key on the field; for a value naming no term (or a missing
   * field), only the latter. An event's selection is intersected with the union over its values.
   */
  private static final class MaskFilter {
    final int slot;
    private final FoldedTable<Admits> byTerm;
    private final long[] unconstrained;

    private MaskFilter(int slot, FoldedTable<Admits> byTerm, long[] unconstrained) {
      this.slot = slot;
      this.byTerm = byTerm;
      this.unconstrained = unconstrained;
    }

    /**
     * The targets a value admits once it folds to one term: {@code folded}, those keyed by the
     * term whatever its case (and those without a key on the field); or, for a value spelled
     * exactly as {@code spellings[i]}, {@code spelled[i]}: those and the targets whose conjunct
     * compares case and all with that spelling.
     */
    private record Admits(long[] folded, String[] spellings, long[][] spelled) {
      long[] of(String value) {
        for (int i = 0; i < spellings.length; i++) {
          if (spellings[i].equals(value)) {
            return spelled[i];
          }
        }
        return folded;
      }
    }

    /**
     * The mask filter of {@code slot}. A target with a term conjunct on the field (of {@code
     * conjuncts}, its condition's) is admitted exactly when some value passes that conjunct: by the
     * folded terms for {@code in~} and {@code :}, by the exact spellings for {@code ==} and {@code
     * in}; the conjunct then goes in the target's {@code checked}, and it need not be tested again.
     * Other targets are admitted by their key on the field, folded, or by any value without one.
     */
    static MaskFilter build(int slot, List<List<Key>> keys, List<List<Predicates.TermConjunct>> conjuncts,
        List<Set<EventPredicate>> checked, int words) {
      long[] unconstrained = new long[words];
      Map<String, long[]> folded = new HashMap<>();
      Map<String, Map<String, long[]>> spelled = new HashMap<>();
      for (int target = 0; target < keys.size(); target++) {
        Predicates.TermConjunct conjunct = conjuncts.get(target).stream()
            .filter(candidate -> candidate.slot() == slot).findFirst().orElse(null);
        if (conjunct != null) {
          for (String term : conjunct.terms()) {
            long[] mask = conjunct.ignoreCase() ? folded.computeIfAbsent(term, t -> new long[words])
                : spelled.computeIfAbsent(AsciiCase.fold(term), t -> new HashMap<>())
                    .computeIfAbsent(term, t -> new long[words]);
            mask[target >>> 6] |= 1L << target;
          }
          checked.get(target).add(conjunct.predicate());
          continue;
        }
        Key exact = null;
        for (Key key : keys.get(target)) {
          if (key.slot() == slot && key.isExact()) {
            exact = key;
            break;
          }
        }
        if (exact == null) {
          unconstrained[target >>> 6] |= 1L << target;
          continue;
        }
        for (String term : exact.terms()) {
          folded.computeIfAbsent(term, t -> new long[words])[target >>> 6] |= 1L << target;
        }
      }
      Set<String> terms = new HashSet<>(folded.keySet());
      terms.addAll(spelled.keySet());
      Map<String, Admits> byTerm = new HashMap<>();
      for (String term : terms) {
        long[] any = or(folded.getOrDefault(term, new long[words]), unconstrained);
        Map<String, long[]> spellings = spelled.getOrDefault(term, Map.of());
        byTerm.put(term, new Admits(any, spellings.keySet().toArray(String[]::new),
            spellings.values().stream().map(mask -> or(mask, any)).toArray(long[][]::new)));
      }
      return new MaskFilter(slot, new FoldedTable<>(byTerm, Admits.class), unconstrained);
    }

    private static long[] or(long[] a, long[] b) {
      long[] or = a.clone();
      for (int word = 0; word < or.length; word++) {
        or[word] |= b[word];
      }
      return or;
    }

    /**
     * Intersects {@code selection} with what {@code value} admits; {@code index} is this filter's
     * position, its part of the {@code memo}'s keys, where the masks of short values are kept.
     */
    void apply(int index, Object value, long[] selection, Memo memo) {
      if (value instanceof String single) {
        and(selection, mask(index, single, memo));
      } else if (value instanceof String[] many && many.length > 0) {
        // Any value may satisfy a target's key: intersect with the union of the values' masks,
        // each looked up once (not once per word).
        long[][] masks = new long[many.length][];
        for (int i = 0; i < many.length; i++) {
          masks[i] = mask(index, many[i], memo);
        }
        for (int word = 0; word < selection.length; word++) {
          long union = 0;
          for (long[] mask : masks) {
            union |= mask[word];
          }
          selection[word] &= union;
        }
      } else {
        and(selection, unconstrained);
      }
    }

    private long[] mask(int index, String value, Memo memo) {
      if (value.length() > Memo.MAX_LENGTH) {
        return mask(value);
      }
      int slot = memo.slot(index, value);
      if (memo.maskValues[slot] != value || memo.maskFilters[slot] != index) {
        memo.masks[slot] = mask(value);
        memo.maskValues[slot] = value;
        memo.maskFilters[slot] = index;
      }
      return memo.masks[slot];
    }

    private long[] mask(String value) {
      Admits admits = byTerm.get(value);
      return admits != null ? admits.of(value) : unconstrained;
    }

    private static void and(long[] selection, long[] mask) {
      for (int word = 0; word < selection.length; word++) {
        selection[word] &= mask[word];
      }
    }
  }

  /**
   * Folded terms to values, open addressing probed with a folding hash, so that a lookup never
   * builds a lower-cased copy of the event's value (as {@link TermSet} does).
   */
  private static final class FoldedTable<V> {
    private final String[] terms;
    private final V[] values;
    private final int mask;
    private final TermLengths lengths;

    @SuppressWarnings("unchecked")
    FoldedTable(Map<String, V> entries, Class<V> type) {
      lengths = new TermLengths(entries.keySet());
      int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
      terms = new String[capacity];
      values = (V[]) java.lang.reflect.Array.newInstance(type, capacity);
      mask = capacity - 1;
      entries.forEach((term, value) -> {
        int i = spread(AsciiCase.hash(term)) & mask;
        while (terms[i] != null) {
          i = (i + 1) & mask;
        }
        terms[i] = term;
        values[i] = value;
      });
    }

    private static int spread(int hash) {
      return hash ^ (hash >>> 16);
    }

    V get(String value) {
      if (!lengths.admits(value.length())) {
        return null;
      }
      for (int i = spread(AsciiCase.hash(value)) & mask; ; i = (i + 1) & mask) {
        String term = terms[i];
        if (term == null) {
          return null;
        }
        if (AsciiCase.equalsFolded(value, term)) {
          return values[i];
        }
      }
    }
  }

  /**
   * The necessary conditions of one target that the index can use (see the class doc): keys on one
   * field each, all of which hold, and, for an {@code or} whose sides constrain different fields,
   * alternatives of which one holds (the rarest key of each side, so the rule set's namings must
   * be known; without them none are read).
   */
  private record Necessary(List<Key> fields, List<List<Key>> eithers) {

    static Necessary of(EventQuery query, Map<String, Integer> slots, FieldSchema schema,
        Map<String, Integer> namings) {
      Necessary necessary = new Necessary(new ArrayList<>(), new ArrayList<>());
      Integer category = slots.get("event.category");
      if (query.category() != null && category != null) {
        necessary.fields.add(new Key(category, Set.of(AsciiCase.fold(query.category())), Set.of(), Set.of(), Set.of()));
      }
      necessary.conjuncts(query.condition(), slots, schema, namings);
      return necessary;
    }

    /** What a lookup may use: one-field keys the masks do not apply already, and the alternatives. */
    List<List<Key>> lookupCandidates(Set<Integer> maskSlots) {
      List<List<Key>> candidates = new ArrayList<>();
      for (Key key : fields) {
        if (!(maskSlots.contains(key.slot()) && key.isExact())) {
          candidates.add(List.of(key));
        }
      }
      candidates.addAll(eithers);
      return candidates;
    }

    private void conjuncts(Expression expression, Map<String, Integer> slots, FieldSchema schema,
        Map<String, Integer> namings) {
      if (expression instanceof And and) {
        conjuncts(and.left(), slots, schema, namings);
        conjuncts(and.right(), slots, schema, namings);
        return;
      }
      if (expression instanceof Or or) {
        // An event that passes `l or r` passes l or r: it satisfies one of l's keys or one of r's.
        // On one field, the union of both keys is a necessary condition; across fields, "l's
        // rarest key or r's rarest key" is one.
        Necessary left = new Necessary(new ArrayList<>(), new ArrayList<>());
        Necessary right = new Necessary(new ArrayList<>(), new ArrayList<>());
        left.conjuncts(or.left(), slots, schema, namings);
        right.conjuncts(or.right(), slots, schema, namings);
        for (Key l : left.fields) {
          for (Key r : right.fields) {
            if (l.slot() == r.slot()) {
              fields.add(l.union(r));
              break;
            }
          }
        }
        List<Key> l = namings == null ? null : left.rarest(namings);
        List<Key> r = namings == null ? null : right.rarest(namings);
        if (l != null && r != null) {
          List<Key> either = new ArrayList<>(l);
          either.addAll(r);
          eithers.add(either);
        }
        return;
      }
      Key key = null;
      if (expression instanceof Comparison comparison && comparison.operator() == ComparisonOperator.EQ) {
        key = key(comparison.field().name(), List.of(comparison.value()), slots, schema, false);
      } else if (expression instanceof InList in && !in.negated()) {
        key = key(in.field().name(), in.values(), slots, schema, false);
      } else if (expression instanceof PatternMatch match && isWildcardFamily(match.operator())) {
        key = key(match.field().name(), match.patterns(), slots, schema, true);
      } else if (expression instanceof PatternMatch match) {
        key = regexKey(match, slots, schema);
      }
      if (key == null) {
        key = presence(expression, slots);
      }
      if (key != null) {
        fields.add(key);
      }
    }

    /**
     * The key "the field has a value" for a condition that fails on a missing field, or null: a
     * comparison with a constant other than {@code !=} (which holds on a missing field, §2.3),
     * {@code != null} (§2.10), {@code in} and {@code in~}, and every pattern operator (§2.5–§2.7),
     * whose lists and patterns the planner refuses to hold null: each is false, or null, when the
     * field has no value.
     * This keeps, for instance, a condition on {@code url.original} with infix patterns away from
     * every endpoint event, which has no URL; conditions on functions of a field give none.
     */
    private static Key presence(Expression expression, Map<String, Integer> slots) {
      String field = null;
      if (expression instanceof Comparison comparison) {
        boolean nullConstant = comparison.value().isNull();
        boolean holdsOnMissing = comparison.operator() == ComparisonOperator.NEQ ? !nullConstant : nullConstant;
        field = holdsOnMissing ? null : comparison.field().name();
      } else if (expression instanceof InList in && !in.negated()) {
        field = in.field().name();
      } else if (expression instanceof PatternMatch match) {
        field = match.field().name();
      }
      Integer slot = field == null ? null : slots.get(field);
      return slot == null ? null : Key.present(slot);
    }

    /** The alternatives of least cost among this side's keys and alternatives, or null. */
    private List<Key> rarest(Map<String, Integer> namings) {
      List<Key> rarest = null;
      long least = Long.MAX_VALUE;
      List<List<Key>> all = new ArrayList<>(eithers);
      fields.forEach(key -> all.add(List.of(key)));
      for (List<Key> alternatives : all) {
        long cost = cost(alternatives, namings);
        if (cost < least) {
          rarest = alternatives;
          least = cost;
        }
      }
      return rarest;
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
   * so a term of those need not be the value's text. {@code values} are taken as wildcard patterns
   * only when they come from {@code :}, {@code like} or {@code like~}: a value they match starts
   * with the text before the first {@code *} and ends with the text after the last, each {@code ?}
   * in them standing for one code point (§2.6: there is no escape), and the one with more other
   * characters is the key; a pattern with neither gives none. So {@code "?:\\Windows\\Tasks\\*.exe"}
   * is keyed by its start, with any drive, not by the {@code ".exe"} of most Windows programs.
   */
  private static Key key(String field, List<Literal> values, Map<String, Integer> slots, FieldSchema schema,
      boolean patterns) {
    Integer slot = slots.get(field);
    if (slot == null || !comparesAsText(schema.mapping(slot).type())
        || values.stream().anyMatch(value -> !value.isString())) {
      return null;
    }
    Set<String> terms = new LinkedHashSet<>();
    Set<String> prefixes = new LinkedHashSet<>();
    Set<String> suffixes = new LinkedHashSet<>();
    Set<String> infixes = new LinkedHashSet<>();
    for (Literal value : values) {
      String text = AsciiCase.fold(value.asText());
      if (!patterns || !WildcardMatcher.hasWildcard(text)) {
        terms.add(text);
        continue;
      }
      // The text before the first star and after the last; a `?` stays in them as a wildcard.
      int star = text.indexOf('*');
      String prefix = star < 0 ? text : text.substring(0, star);
      String suffix = text.substring(text.lastIndexOf('*') + 1);
      int prefixLiterals = literals(prefix);
      int suffixLiterals = literals(suffix);
      if (prefixLiterals == 0 && suffixLiterals == 0) {
        String infix = longestLiteralRun(text);
        if (infix.length() < MIN_INFIX) {
          return null;
        }
        infixes.add(infix);
        continue;
      }
      if (prefixLiterals >= suffixLiterals) {
        prefixes.add(prefix);
      } else {
        suffixes.add(suffix);
      }
    }
    return new Key(slot, terms, prefixes, suffixes, infixes);
  }

  /**
   * The longest run of {@code pattern}'s characters between its wildcards: a value the pattern
   * matches contains it, since {@code *} and {@code ?} stand for whole code points (§2.6).
   */
  private static String longestLiteralRun(String pattern) {
    String longest = "";
    int from = 0;
    for (int i = 0; i <= pattern.length(); i++) {
      if (i == pattern.length() || pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
        if (i - from > longest.length()) {
          longest = pattern.substring(from, i);
        }
        from = i + 1;
      }
    }
    return longest;
  }

  /**
   * A key on the literal starts or ends of {@code regex} or {@code regex~} patterns (Lucene's
   * syntax, matching the whole value: semantics §2, note 4), or null when a pattern has neither.
   * {@code "php?[0-9]?"} is keyed by {@code "ph"}, {@code "/var/run/\\w+\\.pid"} by {@code
   * "/var/run/"}, {@code ".*\\.exe"} by {@code ".exe"}. Of a start and ends, the longer is taken,
   * the ends on a tie: a path's start is a folder many values share, its end what the rule looks
   * for ("Masquerading Space After Filename", {@code "/[a-z0-9\\s_\\-\\\\./]+\\s"}, by the
   * whitespace that ends it rather than the {@code "/"} every Linux executable starts with). Both
   * are cut at any {@code ?} they hold, which the tries read as a wildcard.
   */
  private static Key regexKey(PatternMatch match, Map<String, Integer> slots, FieldSchema schema) {
    Integer slot = slots.get(match.field().name());
    if (slot == null || !comparesAsText(schema.mapping(slot).type())
        || match.patterns().stream().anyMatch(pattern -> !pattern.isString())) {
      return null;
    }
    boolean caseInsensitive = match.operator() == PatternOperator.REGEX_INSENSITIVE;
    Set<String> prefixes = new LinkedHashSet<>();
    Set<String> suffixes = new LinkedHashSet<>();
    for (Literal pattern : match.patterns()) {
      String prefix;
      Set<String> ends = new LinkedHashSet<>();
      try {
        prefix = LuceneRegExp.literalPrefix(pattern.asText(), caseInsensitive);
        for (String end : LuceneRegExp.literalSuffixes(pattern.asText(), caseInsensitive)) {
          ends.add(end.substring(end.lastIndexOf('?') + 1));
        }
      } catch (LuceneRegExp.InvalidRegExpException e) {
        return null; // the planner has refused such a pattern already; no key either way
      }
      int wildcard = prefix.indexOf('?');
      prefix = wildcard < 0 ? prefix : prefix.substring(0, wildcard);
      int shortestEnd = ends.stream().mapToInt(String::length).min().orElse(0);
      if (shortestEnd > 0 && shortestEnd >= prefix.length()) {
        suffixes.addAll(ends);
      } else if (!prefix.isEmpty()) {
        prefixes.add(prefix);
      } else {
        return null;
      }
    }
    return new Key(slot, Set.of(), prefixes, suffixes, Set.of());
  }

  /** The characters of an affix that are not {@code ?}: what it tells about a value. */
  private static int literals(String affix) {
    int literals = 0;
    for (int i = 0; i < affix.length(); i++) {
      literals += affix.charAt(i) == '?' ? 0 : 1;
    }
    return literals;
  }
}
