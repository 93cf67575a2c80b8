package dev.seqwatch.plan.regexp;

import dev.seqwatch.plan.regexp.Term.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Makes {@link Term}s, one object per distinct term, normalized as Brzozowski's similarity rules
 * require for a term to have finitely many derivatives: unions and intersections are flattened,
 * deduplicated and ordered, concatenation is right-nested, and the identities of the empty set,
 * the empty string, {@code **} and {@code ~~} are applied, and a union followed by a term is
 * distributed over it. One instance per compilation, used by one thread.
 */
final class Terms {

  private record Key(Kind kind, int[] parts, int[] ranges) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && kind == key.kind && Arrays.equals(parts, key.parts)
          && Arrays.equals(ranges, key.ranges);
    }

    @Override
    public int hashCode() {
      return (kind.hashCode() * 31 + Arrays.hashCode(parts)) * 31 + Arrays.hashCode(ranges);
    }
  }

  private final Map<Key, Term> interned = new HashMap<>();
  private final Map<Long, Term> derivatives = new HashMap<>();
  final Term empty = make(Kind.EMPTY, new Term[0], CodePoints.NONE, false);
  final Term epsilon = make(Kind.EPSILON, new Term[0], CodePoints.NONE, true);
  /** Every string: {@code .*}, Lucene's {@code @}; also what {@code ~#} normalizes to. */
  final Term anyString = star(chars(CodePoints.ALL));

  Term chars(int[] ranges) {
    return ranges.length == 0 ? empty : make(Kind.CHARS, new Term[0], ranges, false);
  }

  Term string(String text) {
    Term term = epsilon;
    int[] codePoints = text.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      term = concat(chars(CodePoints.of(codePoints[i])), term);
    }
    return term;
  }

  Term concat(Term first, Term second) {
    if (first == empty || second == empty) {
      return empty;
    }
    if (first == epsilon) {
      return second;
    }
    if (second == epsilon) {
      return first;
    }
    if (first.kind == Kind.CONCAT) {
      return concat(first.parts[0], concat(first.parts[1], second));
    }
    if (first.kind == Kind.UNION) {
      // Distributed, so that a derivative is a set of Antimirov's partial derivatives: at most one
      // per position of the expression, where undistributed terms multiply their combinations.
      List<Term> parts = new ArrayList<>(first.parts.length);
      for (Term part : first.parts) {
        parts.add(concat(part, second));
      }
      return union(parts);
    }
    return make(Kind.CONCAT, new Term[] {first, second}, CodePoints.NONE, first.nullable && second.nullable);
  }

  Term union(Term first, Term second) {
    return union(List.of(first, second));
  }

  Term union(List<Term> terms) {
    TreeSet<Term> parts = new TreeSet<>((a, b) -> Integer.compare(a.id, b.id));
    int[] chars = CodePoints.NONE;
    for (Term term : terms) {
      for (Term part : term.kind == Kind.UNION ? Arrays.asList(term.parts) : List.of(term)) {
        if (part == anyString) {
          return anyString;
        }
        if (part.kind == Kind.CHARS) {
          chars = CodePoints.union(chars, part.ranges);
        } else if (part != empty) {
          parts.add(part);
        }
      }
    }
    if (chars.length > 0) {
      parts.add(chars(chars));
    }
    return combined(Kind.UNION, parts, empty);
  }

  Term and(Term first, Term second) {
    TreeSet<Term> parts = new TreeSet<>((a, b) -> Integer.compare(a.id, b.id));
    for (Term term : List.of(first, second)) {
      for (Term part : term.kind == Kind.AND ? Arrays.asList(term.parts) : List.of(term)) {
        if (part == empty) {
          return empty;
        }
        if (part != anyString) {
          parts.add(part);
        }
      }
    }
    return combined(Kind.AND, parts, anyString);
  }

  private Term combined(Kind kind, TreeSet<Term> parts, Term ifNone) {
    if (parts.isEmpty()) {
      return ifNone;
    }
    if (parts.size() == 1) {
      return parts.first();
    }
    Term[] array = parts.toArray(Term[]::new);
    boolean nullable = kind == Kind.UNION
        ? Arrays.stream(array).anyMatch(part -> part.nullable) : Arrays.stream(array).allMatch(part -> part.nullable);
    return make(kind, array, CodePoints.NONE, nullable);
  }

  Term star(Term term) {
    if (term == empty || term == epsilon) {
      return epsilon;
    }
    if (term.kind == Kind.STAR) {
      return term;
    }
    return make(Kind.STAR, new Term[] {term}, CodePoints.NONE, true);
  }

  Term optional(Term term) {
    return union(term, epsilon);
  }

  Term not(Term term) {
    if (term.kind == Kind.NOT) {
      return term.parts[0];
    }
    if (term == empty) {
      return anyString;
    }
    if (term == anyString) {
      return empty;
    }
    return make(Kind.NOT, new Term[] {term}, CodePoints.NONE, !term.nullable);
  }

  /** {@code term} at least {@code min} and at most {@code max} times; {@code max < 0}: no upper bound. */
  Term repeat(Term term, int min, int max) {
    Term tail = max < 0 ? star(term) : epsilon;
    for (int i = min; i < max; i++) {
      tail = optional(concat(term, tail));
    }
    for (int i = 0; i < min; i++) {
      tail = concat(term, tail);
    }
    return tail;
  }

  /** The strings {@code w} such that {@code term} matches {@code c w}. */
  Term derivative(Term term, int c) {
    Long key = (long) term.id << 21 | c;
    Term known = derivatives.get(key);
    if (known != null) {
      return known;
    }
    Term derived = switch (term.kind) {
      case EMPTY, EPSILON -> empty;
      case CHARS -> term.containsChar(c) ? epsilon : empty;
      case CONCAT -> {
        Term first = concat(derivative(term.parts[0], c), term.parts[1]);
        yield term.parts[0].nullable ? union(first, derivative(term.parts[1], c)) : first;
      }
      case UNION -> {
        List<Term> parts = new ArrayList<>(term.parts.length);
        for (Term part : term.parts) {
          parts.add(derivative(part, c));
        }
        yield union(parts);
      }
      case AND -> {
        Term all = anyString;
        for (Term part : term.parts) {
          all = and(all, derivative(part, c));
        }
        yield all;
      }
      case STAR -> concat(derivative(term.parts[0], c), term);
      case NOT -> not(derivative(term.parts[0], c));
    };
    derivatives.put(key, derived);
    return derived;
  }

  /**
   * The code points at which {@code term}'s derivative may change, sorted, starting with 0: every
   * code point from one boundary up to the next has the same derivative.
   */
  int[] boundaries(Term term) {
    if (term.boundaries == null) {
      TreeSet<Integer> points = new TreeSet<>();
      points.add(0);
      collect(term, points);
      term.boundaries = points.stream().mapToInt(Integer::intValue).toArray();
    }
    return term.boundaries;
  }

  private void collect(Term term, TreeSet<Integer> points) {
    switch (term.kind) {
      case EMPTY, EPSILON -> {
      }
      case CHARS -> {
        for (int i = 0; i < term.ranges.length; i += 2) {
          points.add(term.ranges[i]);
          if (term.ranges[i + 1] < CodePoints.MAX) {
            points.add(term.ranges[i + 1] + 1);
          }
        }
      }
      case CONCAT -> {
        collect(term.parts[0], points);
        if (term.parts[0].nullable) {
          collect(term.parts[1], points);
        }
      }
      default -> {
        for (Term part : term.parts) {
          for (int point : boundaries(part)) {
            points.add(point);
          }
        }
      }
    }
  }

  private Term make(Kind kind, Term[] parts, int[] ranges, boolean nullable) {
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      ids[i] = parts[i].id;
    }
    return interned.computeIfAbsent(new Key(kind, ids, ranges),
        key -> new Term(interned.size(), kind, parts, ranges, nullable));
  }
}
