package dev.seqwatch.event;

/**
 * Reads {@code @timestamp} the way Elasticsearch's default date format
 * ({@code strict_date_optional_time||epoch_millis}) does, truncated to milliseconds.
 *
 * <p>Accepted: {@code yyyy-MM-dd}, optionally followed by {@code THH:mm}, {@code :ss} and a
 * fraction of 1 to 9 digits, and a zone {@code Z}, {@code ±HH:mm}, {@code ±HHmm} or {@code ±HH}
 * (none means UTC); or epoch milliseconds as a JSON number or numeric string, with an optional
 * fraction. Sub-millisecond digits are dropped, never rounded, as Elasticsearch fetches sequence
 * timestamps as {@code epoch_millis} (semantics §4.3, §10.4).
 *
 * <p>Hand-written rather than {@code DateTimeFormatter} because it runs once per event on the hot
 * path and allocates nothing.
 */
public final class Timestamps {

  /** Returned for text that is not a timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private Timestamps() {
  }

  /** Epoch milliseconds of {@code text}, or {@link #INVALID}. */
  public static long parseMillis(String text) {
    if (text.length() >= 10 && text.charAt(4) == '-') {
      return parseIso(text);
    }
    return parseEpochMillis(text);
  }

  /**
   * Fluent Bit's {@code date}: epoch <em>seconds</em> with an optional fraction (its default
   * {@code json_date_format double}), or ISO-8601; milliseconds, truncated, or {@link #INVALID}.
   */
  public static long parseSecondsOrIso(String text) {
    if (text.length() >= 10 && text.charAt(4) == '-') {
      return parseIso(text);
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : (text.substring(dot + 1) + "000").substring(0, 3);
    long seconds = parseEpochMillis(whole);
    long millis = fraction.isEmpty() ? 0 : parseEpochMillis(fraction);
    if (seconds == INVALID || millis == INVALID || whole.startsWith("-") || seconds > Long.MAX_VALUE / 1000 - 1) {
      return INVALID;
    }
    return seconds * 1_000 + millis;
  }

  private static long parseEpochMillis(String text) {
    int end = text.indexOf('.');
    String whole = end < 0 ? text : text.substring(0, end);
    if (whole.isEmpty() || whole.length() > 18) {
      return INVALID;
    }
    int start = whole.charAt(0) == '-' ? 1 : 0;
    if (start == whole.length()) {
      return INVALID;
    }
    long value = 0;
    for (int i = start; i < whole.length(); i++) {
      int digit = whole.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return INVALID;
      }
      value = value * 10 + digit;
    }
    if (end >= 0) {
      if (end == text.length() - 1) {
        return INVALID;
      }
      for (int i = end + 1; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return INVALID;
        }
      }
      if (start == 1 && hasNonZero(text, end + 1)) {
        value++; // floor, not toward zero, for negative epochs with a fraction
      }
    }
    return start == 1 ? -value : value;
  }

  private static boolean hasNonZero(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) != '0') {
        return true;
      }
    }
    return false;
  }

  private static long parseIso(String s) {
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || s.charAt(7) != '-'
        || day > DAYS_IN_MONTH[month - 1] || month == 2 && day == 29 && !isLeap(year)) {
      return INVALID;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millis = 0;
    int i = 10;
    if (i < s.length() && s.charAt(i) == 'T') {
      hour = digits(s, 11, 2);
      minute = s.length() > 13 && s.charAt(13) == ':' ? digits(s, 14, 2) : -1;
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return INVALID;
      }
      i = 16;
      if (i < s.length() && s.charAt(i) == ':') {
        second = digits(s, 17, 2);
        if (second < 0 || second > 59) {
          return INVALID;
        }
        i = 19;
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
          int start = ++i;
          while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (i - start < 3) {
              millis = millis * 10 + (s.charAt(i) - '0');
            }
            i++;
          }
          int count = i - start;
          if (count == 0 || count > 9) {
            return INVALID;
          }
          for (int pad = count; pad < 3; pad++) {
            millis *= 10;
          }
        }
      }
    }
    long offsetSeconds = 0;
    if (i < s.length()) {
      char sign = s.charAt(i);
      if (sign == 'Z' && i == s.length() - 1) {
        offsetSeconds = 0;
      } else if (sign == '+' || sign == '-') {
        offsetSeconds = parseOffset(s, i + 1);
        if (offsetSeconds == INVALID) {
          return INVALID;
        }
        offsetSeconds = sign == '-' ? -offsetSeconds : offsetSeconds;
      } else {
        return INVALID;
      }
    }
    long days = epochDay(year, month, day);
    long seconds = days * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return seconds * 1_000 + millis;
  }

  /** Seconds of {@code HH}, {@code HHmm} or {@code HH:mm} at {@code from} to the end, or INVALID. */
  private static long parseOffset(String s, int from) {
    int remaining = s.length() - from;
    int hours = digits(s, from, 2);
    int minutes;
    if (remaining == 2) {
      minutes = 0;
    } else if (remaining == 4) {
      minutes = digits(s, from + 2, 2);
    } else if (remaining == 5 && s.charAt(from + 2) == ':') {
      minutes = digits(s, from + 3, 2);
    } else {
      return INVALID;
    }
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
      return INVALID;
    }
    return hours * 3_600L + minutes * 60L;
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = s.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean isLeap(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
