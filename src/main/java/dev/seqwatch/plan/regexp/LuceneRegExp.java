package dev.seqwatch.plan.regexp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles regular expressions in the syntax of Lucene's {@code RegExp} with all of the optional
 * operators Elasticsearch's {@code regexp} query enables by default, which is what EQL's {@code
 * regex} and {@code regex~} on a field run as (docs/semantics.md, Regular expressions):
 *
 * <pre>
 * union      := inter ('|' union)?
 * inter      := concat ('&amp;' inter)?
 * concat     := repeat concat?
 * repeat     := complement ('?' | '*' | '+' | '{' n '}' | '{' n ',}' | '{' n ',' m '}')*
 * complement := '~' complement | class
 * class      := '[' '^'? (char ('-' char)? | shorthand)+ ']' | simple
 * simple     := char | shorthand | '.' | '#' | '@' | '"' text '"' | '(' ')' | '(' union ')' | '&lt;' n '-' m '&gt;'
 * char       := any code point | '\' any code point but a letter
 * shorthand  := '\d' | '\D' | '\s' | '\S' | '\w' | '\W'
 * </pre>
 *
 * <p>A value matches as a whole: there are no anchors, and {@code ^} and {@code $} are plain
 * characters. {@code .} is any code point, a line break included; {@code #} matches nothing,
 * {@code @} anything, {@code &} intersects and {@code ~} complements (Lucene 10 calls it {@code
 * DEPRECATED_COMPLEMENT}, and Elasticsearch still enables it with {@code RegExp.ALL}). {@code \s} is {@code [\t\n\r ]}, and
 * a backslash before any other letter is an error, as in Lucene. {@code caseInsensitive} folds the
 * ASCII letters written as single characters (alone, in a class or in a quoted string), not
 * ranges nor shorthand classes, as Lucene's {@code ASCII_CASE_INSENSITIVE} does.
 */
public final class LuceneRegExp {

  private final String pattern;
  private final int[] chars;
  private final boolean caseInsensitive;
  private final Terms terms;
  private int at;

  private LuceneRegExp(String pattern, boolean caseInsensitive, Terms terms) {
    this.pattern = pattern;
    this.chars = pattern.codePoints().toArray();
    this.caseInsensitive = caseInsensitive;
    this.terms = terms;
  }

  /**
   * One automaton matching a value when any of {@code patterns} matches all of it.
   *
   * @throws InvalidRegExpException when a pattern is not valid, saying why and where, or when
   *     the automaton would need more than {@link Dfa#MAX_STATES} states
   */
  public static Dfa compile(List<String> patterns, boolean caseInsensitive) {
    Terms terms = new Terms();
    Term any = terms.empty;
    for (String pattern : patterns) {
      try {
        any = terms.union(any, new LuceneRegExp(pattern, caseInsensitive, terms).whole());
      } catch (IllegalArgumentException e) {
        throw new InvalidRegExpException(pattern, e.getMessage());
      }
    }
    try {
      return Dfa.of(terms, any, Dfa.MAX_STATES);
    } catch (Dfa.TooComplexException e) {
      throw new InvalidRegExpException(patterns.size() == 1 ? patterns.get(0) : String.join("\", \"", patterns),
          "too complex: " + e.getMessage());
    }
  }

  /**
   * The text every value {@code pattern} matches starts with, ASCII letters folded to lower case
   * (the same for either case when {@code caseInsensitive}); empty when there is none, such as for
   * a pattern that starts with a class, an optional or repeated part or a group of alternatives,
   * or whose top level is an alternation ({@code "(ab)c"} gives {@code "abc"}). Read off the parsed term: while it is a concatenation whose first part is one code
   * point (or one ASCII letter in both cases), every match starts with that code point.
   *
   * @throws InvalidRegExpException when the pattern is not valid
   */
  public static String literalPrefix(String pattern, boolean caseInsensitive) {
    Term term = parsed(pattern, caseInsensitive);
    StringBuilder prefix = new StringBuilder();
    while (true) {
      Term first = term.kind == Term.Kind.CONCAT ? term.parts[0] : term;
      int c = first.kind == Term.Kind.CHARS ? singleFolded(first.ranges) : -1;
      if (c < 0) {
        return prefix.toString();
      }
      prefix.appendCodePoint(c);
      if (term.kind != Term.Kind.CONCAT) {
        return prefix.toString();
      }
      term = term.parts[1];
    }
  }

  /**
   * Texts one of which every value {@code pattern} matches ends with, ASCII letters folded to lower
   * case as in {@link #literalPrefix}; empty when there are none. Read off the parsed term's last
   * parts: the code points that end every match, as one text, and, before them, a class of at most
   * {@link #MAX_SUFFIX_CLASS} code points, one text each ({@code /[a-z]+\s} gives a tab, a line
   * feed, a carriage return and a space; {@code .*\.exe} gives {@code .exe}).
   *
   * @throws InvalidRegExpException when the pattern is not valid
   */
  public static Set<String> literalSuffixes(String pattern, boolean caseInsensitive) {
    Term term = parsed(pattern, caseInsensitive);
    List<Term> parts = new ArrayList<>();
    for (; term.kind == Term.Kind.CONCAT; term = term.parts[1]) {
      parts.add(term.parts[0]);
    }
    parts.add(term);
    StringBuilder reversed = new StringBuilder();
    int at = parts.size() - 1;
    for (; at >= 0; at--) {
      Term part = parts.get(at);
      int c = part.kind == Term.Kind.CHARS ? singleFolded(part.ranges) : -1;
      if (c < 0) {
        break;
      }
      reversed.appendCodePoint(c); // reverse() below keeps a surrogate pair in order
    }
    String end = reversed.reverse().toString();
    Set<Integer> before = at >= 0 && parts.get(at).kind == Term.Kind.CHARS ? smallClass(parts.get(at).ranges) : Set.of();
    if (before.isEmpty()) {
      return end.isEmpty() ? Set.of() : Set.of(end);
    }
    Set<String> suffixes = new LinkedHashSet<>();
    before.forEach(c -> suffixes.add(Character.toString(c) + end));
    return suffixes;
  }

  /** {@code pattern}'s term, for reading its literal ends off it. */
  private static Term parsed(String pattern, boolean caseInsensitive) {
    try {
      return new LuceneRegExp(pattern, caseInsensitive, new Terms()).whole();
    } catch (IllegalArgumentException e) {
      throw new InvalidRegExpException(pattern, e.getMessage());
    }
  }

  /** The most code points a class may have to end {@link #literalSuffixes} as one text each. */
  private static final int MAX_SUFFIX_CLASS = 8;

  /** The code points of {@code ranges}, ASCII letters folded, if at most {@link #MAX_SUFFIX_CLASS}; else none. */
  private static Set<Integer> smallClass(int[] ranges) {
    Set<Integer> folded = new LinkedHashSet<>();
    for (int i = 0; i < ranges.length; i += 2) {
      if (ranges[i + 1] - ranges[i] >= MAX_SUFFIX_CLASS) {
        return Set.of();
      }
      for (int c = ranges[i]; c <= ranges[i + 1]; c++) {
        folded.add(foldAscii(c));
      }
      if (folded.size() > MAX_SUFFIX_CLASS) {
        return Set.of();
      }
    }
    return folded;
  }

  private static int foldAscii(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** The one code point of {@code ranges} (an ASCII letter's two cases count as one), folded; or -1. */
  private static int singleFolded(int[] ranges) {
    if (ranges.length == 2 && ranges[0] == ranges[1]) {
      return foldAscii(ranges[0]);
    }
    boolean caseCouple = ranges.length == 4 && ranges[0] == ranges[1] && ranges[2] == ranges[3]
        && ranges[0] >= 'A' && ranges[0] <= 'Z' && ranges[2] == ranges[0] + ('a' - 'A');
    return caseCouple ? ranges[2] : -1;
  }

  private Term whole() {
    if (chars.length == 0) {
      return terms.epsilon;
    }
    Term term = union();
    if (at < chars.length) {
      throw error("unexpected '" + Character.toString(chars[at]) + "'");
    }
    return term;
  }

  private Term union() {
    Term term = inter();
    return take('|') ? terms.union(term, union()) : term;
  }

  private Term inter() {
    Term term = concat();
    return take('&') ? terms.and(term, inter()) : term;
  }

  private Term concat() {
    Term term = repeat();
    if (at < chars.length && !peek(')') && !peek('|') && !peek('&')) {
      return terms.concat(term, concat());
    }
    return term;
  }

  private Term repeat() {
    Term term = complement();
    while (at < chars.length) {
      if (take('?')) {
        term = terms.optional(term);
      } else if (take('*')) {
        term = terms.star(term);
      } else if (take('+')) {
        term = terms.concat(term, terms.star(term));
      } else if (peek('{')) {
        int open = at++;
        int min = number();
        int max = min;
        if (take(',')) {
          max = peekDigit() ? number() : -1;
        }
        if (!take('}')) {
          throw error("expected '}'");
        }
        if (max >= 0 && max < min) {
          at = open;
          throw error("the repeat {" + min + "," + max + "} has its maximum below its minimum");
        }
        term = terms.repeat(term, min, max);
      } else {
        break;
      }
    }
    return term;
  }

  private Term complement() {
    return take('~') ? terms.not(complement()) : characterClass();
  }

  private Term characterClass() {
    if (!take('[')) {
      return simple();
    }
    boolean negated = take('^');
    int[] set = classItem();
    while (at < chars.length && !peek(']')) {
      set = CodePoints.union(set, classItem());
    }
    if (!take(']')) {
      throw error("expected ']'");
    }
    return terms.chars(negated ? CodePoints.complement(set) : set);
  }

  private int[] classItem() {
    int[] shorthand = shorthand();
    if (shorthand != null) {
      return shorthand;
    }
    int lo = character();
    if (take('-')) {
      int hi = character();
      if (hi < lo) {
        throw error("the range " + Character.toString(lo) + "-" + Character.toString(hi) + " is backwards");
      }
      return CodePoints.range(lo, hi); // Lucene folds single characters, not ranges
    }
    return folded(CodePoints.of(lo));
  }

  private Term simple() {
    int[] shorthand = shorthand();
    if (shorthand != null) {
      return terms.chars(shorthand);
    }
    if (take('.')) {
      return terms.chars(CodePoints.ALL);
    }
    if (take('#')) {
      return terms.empty;
    }
    if (take('@')) {
      return terms.anyString;
    }
    if (take('"')) {
      int end = indexOf('"');
      if (end < 0) {
        throw error("expected '\"'");
      }
      Term text = terms.epsilon;
      for (int i = end - 1; i >= at; i--) {
        text = terms.concat(terms.chars(folded(CodePoints.of(chars[i]))), text);
      }
      at = end + 1;
      return text;
    }
    if (take('(')) {
      if (take(')')) {
        return terms.epsilon;
      }
      Term group = union();
      if (!take(')')) {
        throw error("expected ')'");
      }
      return group;
    }
    if (take('<')) {
      return interval();
    }
    return terms.chars(folded(CodePoints.of(character())));
  }

  /** {@code <n-m>}: the decimal numbers from n to m, written with or without leading zeros. */
  private Term interval() {
    int open = at - 1;
    int end = indexOf('>');
    if (end < 0) {
      throw error("expected '>'");
    }
    String body = pattern.substring(pattern.offsetByCodePoints(0, at), pattern.offsetByCodePoints(0, end));
    int dash = body.indexOf('-');
    if (dash <= 0 || dash == body.length() - 1 || !body.chars().allMatch(c -> c == '-' || Character.isDigit(c) && c < 128)
        || body.indexOf('-', dash + 1) >= 0) {
      at = open;
      throw error("<" + body + "> is not an interval <n-m> (named automata are not supported)");
    }
    if (dash > 10 || body.length() - dash - 1 > 10 || Long.parseLong(body.substring(0, dash)) > Integer.MAX_VALUE
        || Long.parseLong(body.substring(dash + 1)) > Integer.MAX_VALUE) {
      at = open;
      throw error("the interval <" + body + "> has a bound that is too large");
    }
    at = end + 1;
    return Interval.of(terms, body.substring(0, dash), body.substring(dash + 1));
  }

  /**
   * A {@code \d}-style class at {@code at}, consumed, or null. A backslash before any other
   * letter is refused, as Lucene refuses it (following {@code java.util.regex}, where such an
   * escape is reserved).
   */
  private int[] shorthand() {
    if (at + 1 >= chars.length || chars[at] != '\\') {
      return null;
    }
    int letter = chars[at + 1];
    int[] set = switch (letter) {
      case 'd', 'D' -> CodePoints.range('0', '9');
      case 's', 'S' -> CodePoints.normalize(new int[] {'\t', '\n', '\r', '\r', ' ', ' '});
      case 'w', 'W' -> CodePoints.normalize(new int[] {'a', 'z', 'A', 'Z', '0', '9', '_', '_'});
      default -> null;
    };
    if (set == null) {
      if (letter < 128 && Character.isLetter(letter)) {
        at++;
        throw error("invalid character class \\" + Character.toString(letter));
      }
      return null;
    }
    at += 2;
    return Character.isUpperCase(letter) ? CodePoints.complement(set) : set;
  }

  /** A code point, or an escaped one, at {@code at}, consumed. */
  private int character() {
    if (take('\\') && at >= chars.length) {
      throw error("a backslash ends the expression");
    }
    if (at >= chars.length) {
      throw error("unexpected end of the expression");
    }
    return chars[at++];
  }

  private int[] folded(int[] set) {
    return caseInsensitive ? CodePoints.withAsciiCase(set) : set;
  }

  private int number() {
    int from = at;
    while (peekDigit()) {
      at++;
    }
    if (from == at) {
      throw error("expected a number");
    }
    try {
      return Integer.parseInt(new String(chars, from, at - from));
    } catch (NumberFormatException tooLarge) {
      at = from;
      throw error("the number is too large");
    }
  }

  private boolean peekDigit() {
    return at < chars.length && chars[at] >= '0' && chars[at] <= '9';
  }

  private boolean peek(int c) {
    return at < chars.length && chars[at] == c;
  }

  private boolean take(int c) {
    if (peek(c)) {
      at++;
      return true;
    }
    return false;
  }

  private int indexOf(int c) {
    for (int i = at; i < chars.length; i++) {
      if (chars[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " at position " + at);
  }

  /** A pattern Lucene would refuse, or one too complex to run, with the reason. */
  public static final class InvalidRegExpException extends IllegalArgumentException {

    private final String pattern;

    InvalidRegExpException(String pattern, String reason) {
      super(reason);
      this.pattern = pattern;
    }

    public String pattern() {
      return pattern;
    }
  }
}
