package dev.seqwatch.plan;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value of a {@code version} field, ordered as Elasticsearch's {@code VersionEncoder} orders
 * them: semantic-version precedence (numeric parts by value, a pre-release before its release,
 * pre-release identifiers numeric before alphanumeric), build metadata ignored for precedence;
 * every text that is not a version sorts after every version, by its text. Two values are equal
 * only when their texts are, as a {@code term} query on the field requires.
 */
record SemVer(String text) implements Comparable<SemVer> {

  private static final Pattern VERSION =
      Pattern.compile("(\\d+(?:\\.\\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  static SemVer of(Object value) {
    return value instanceof SemVer version ? version : new SemVer(value.toString());
  }

  @Override
  public int compareTo(SemVer other) {
    Matcher a = VERSION.matcher(text);
    Matcher b = VERSION.matcher(other.text);
    boolean validA = a.matches();
    boolean validB = b.matches();
    if (validA != validB) {
      return validA ? -1 : 1;
    }
    if (!validA) {
      return text.compareTo(other.text);
    }
    int order = compareIdentifiers(a.group(1).split("\\."), b.group(1).split("\\."), true);
    if (order == 0) {
      String preA = a.group(2);
      String preB = b.group(2);
      if (preA == null || preB == null) {
        order = preA == null ? (preB == null ? 0 : 1) : -1;
      } else {
        order = compareIdentifiers(preA.split("\\."), preB.split("\\."), false);
      }
    }
    return order != 0 ? order : text.compareTo(other.text);
  }

  private static int compareIdentifiers(String[] a, String[] b, boolean numericOnly) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean numA = numericOnly || isNumeric(a[i]);
      boolean numB = numericOnly || isNumeric(b[i]);
      int order;
      if (numA && numB) {
        order = new BigInteger(a[i]).compareTo(new BigInteger(b[i]));
      } else if (numA != numB) {
        order = numA ? -1 : 1;
      } else {
        order = a[i].compareTo(b[i]);
      }
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static boolean isNumeric(String identifier) {
    return !identifier.isEmpty() && identifier.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return text;
  }
}
