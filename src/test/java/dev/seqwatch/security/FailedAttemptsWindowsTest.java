package dev.seqwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The windows of {@link FailedAttempts}: per address, in total, and their end. */
class FailedAttemptsWindowsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final FailedAttempts attempts = new FailedAttempts(3, 5, Duration.ofMinutes(1), ticker);

  @Test
  void anAddressWaitsOnceItFailedTooOftenAndOnlyUntilItsWindowEnds() {
    for (int i = 0; i < 3; i++) {
      assertThat(attempts.secondsToWait("10.0.0.1")).isZero();
      attempts.recordFailure("10.0.0.1");
    }
    ticker.advance(Duration.ofSeconds(20));

    assertThat(attempts.secondsToWait("10.0.0.1")).isEqualTo(40);
    assertThat(attempts.secondsToWait("10.0.0.2")).as("another address").isZero();
    ticker.advance(Duration.ofSeconds(40));
    assertThat(attempts.secondsToWait("10.0.0.1")).isZero();
  }

  @Test
  void guessesSpreadOverManyAddressesWaitOnceTheTotalIsReached() {
    for (int i = 0; i < 5; i++) {
      attempts.recordFailure("10.0.1." + i);
    }

    assertThat(attempts.secondsToWait("10.0.2.1")).as("an address that never failed").isEqualTo(60);
    ticker.advance(Duration.ofMinutes(1));
    assertThat(attempts.secondsToWait("10.0.2.1")).isZero();
    attempts.recordFailure("10.0.2.1");
    assertThat(attempts.secondsToWait("10.0.2.2")).as("a new window counts from zero").isZero();
  }
}
