package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2026-03-02T08:15:19Z,                 2026-03-02T08:15:19Z",
      "2026-03-02T08:15:19.5Z,               2026-03-02T08:15:19.500Z",
      "2026-03-02T08:15:19.50832Z,           2026-03-02T08:15:19.508Z",
      "2026-03-02T08:15:19.508326299Z,       2026-03-02T08:15:19.508Z",
      "2026-03-02T08:15:19.999999999Z,       2026-03-02T08:15:19.999Z",
      "2026-03-02T10:15:19.5+02:00,          2026-03-02T08:15:19.500Z",
      "2026-03-02T03:15:19.5-0500,           2026-03-02T08:15:19.500Z",
      "2026-03-02T09:15:19+01,               2026-03-02T08:15:19Z",
      "2026-03-02T08:15:19,                  2026-03-02T08:15:19Z",
      "2026-03-02T08:15,                     2026-03-02T08:15:00Z",
      "2026-03-02,                           2026-03-02T00:00:00Z",
      "2024-02-29T00:00:00Z,                 2024-02-29T00:00:00Z",
      "1772439319508,                        2026-03-02T08:15:19.508Z",
      "1772439319508.9,                      2026-03-02T08:15:19.508Z",
      "1969-12-31T23:59:59.9999Z,            1969-12-31T23:59:59.999Z",
  })
  void readsIsoAndEpochMillisTruncatedToMilliseconds(String text, String expected) {
    assertThat(Timestamps.parseMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
      "2023-02-29", "2026-03-02T24:00:00Z", "2026-03-02T08:60:00Z", "2026-03-02T08:15:19.Z",
      "2026-03-02T08:15:19.1234567890Z", "2026-03-02T08:15:19Q", "2026-03-02T08:15:19+25:00",
      "12ab", "-", "1.", "2026-03-02 08:15:19"})
  void rejectsWhatIsNotATimestamp(String text) {
    assertThat(Timestamps.parseMillis(text)).isEqualTo(Timestamps.INVALID);
  }

  @Property
  void agreesWithJavaTimeOnAnyInstantAndOffset(
      @ForAll @LongRange(min = -62_135_510_400_000L, max = 253_402_214_400_000L) long millis,
      @ForAll @LongRange(min = 0, max = 999_999) long extraNanos,
      @ForAll @LongRange(min = -64_800, max = 64_800) long offsetSeconds) {
    Instant instant = Instant.ofEpochMilli(millis).plusNanos(extraNanos);
    var offset = java.time.ZoneOffset.ofTotalSeconds((int) (offsetSeconds / 60 * 60));
    String text = OffsetDateTime.ofInstant(instant, offset).toString();

    assertThat(Timestamps.parseMillis(text)).as(text).isEqualTo(millis);
  }
}
