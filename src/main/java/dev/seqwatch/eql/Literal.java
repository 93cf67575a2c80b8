package dev.seqwatch.eql;

/**
 * A constant: a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or {@code null} for
 * EQL's {@code null}.
 */
public record Literal(Object value) {

  public static final Literal NULL = new Literal(null);

  public boolean isNull() {
    return value == null;
  }

  public boolean isString() {
    return value instanceof String;
  }

  public boolean isNumber() {
    return value instanceof Long || value instanceof Double;
  }

  /** The value as the keyword text Elasticsearch would index for it. */
  public String asText() {
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    if (value instanceof String s) {
      StringBuilder quoted = new StringBuilder("\"");
      s.codePoints().forEach(c -> {
        switch (c) {
          case '"' -> quoted.append("\\\"");
          case '\\' -> quoted.append("\\\\");
          case '\n' -> quoted.append("\\n");
          case '\r' -> quoted.append("\\r");
          case '\t' -> quoted.append("\\t");
          default -> {
            if (c < 0x20) {
              quoted.append(String.format("\\u{%02x}", c));
            } else {
              quoted.appendCodePoint(c);
            }
          }
        }
      });
      return quoted.append('"').toString();
    }
    return String.valueOf(value);
  }
}
