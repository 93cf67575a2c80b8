package dev.seqwatch.eql;

/**
 * A field reference by its full dotted name, such as {@code process.parent.name}.
 *
 * @param optional written {@code ?name}: Elasticsearch treats a field it does not know as null
 *     instead of refusing the query, and lets a null optional join key join (semantics: optional
 *     fields)
 */
public record Field(String name, boolean optional) {

  /** A plain, non-optional field. */
  public Field(String name) {
    this(name, false);
  }

  private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_@][A-Za-z0-9_@]*(\\.[A-Za-z_@][A-Za-z0-9_@]*)*");

  @Override
  public String toString() {
    String text = PLAIN.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
    return optional ? "?" + text : text;
  }
}
