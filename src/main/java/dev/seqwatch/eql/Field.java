package dev.seqwatch.eql;

/** A field reference by its full dotted name, such as {@code process.parent.name}. */
public record Field(String name) {

  private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_@][A-Za-z0-9_@]*(\\.[A-Za-z_@][A-Za-z0-9_@]*)*");

  @Override
  public String toString() {
    return PLAIN.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
  }
}
