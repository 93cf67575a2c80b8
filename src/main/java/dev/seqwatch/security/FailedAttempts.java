package dev.seqwatch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per client address in fixed windows. Once an address has failed
 * {@code maxPerAddress} times in a window, every attempt it makes, right or wrong, is refused until
 * the window ends: refusing only the wrong ones would still answer the guesses. The cost is that
 * a misconfigured shipper can lock out good ones behind the same address for one window
 * (docs/security.md).
 */
final class FailedAttempts {

  private final int maxPerAddress;
  private final Duration window;
  private final Ticker ticker;
  private final Cache<String, Window> windows;

  /** One address's window: when it opened and the failures in it. */
  private record Window(long openedNanos, AtomicInteger failures) {
  }

  FailedAttempts(int maxPerAddress, Duration window, Ticker ticker) {
    this.maxPerAddress = maxPerAddress;
    this.window = window;
    this.ticker = ticker;
    // A window is written once, when opened, so expire-after-write ends it on time; the size bound
    // keeps a scan from many addresses from growing the table without limit.
    this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).ticker(ticker).build();
  }

  /** Whether the address must wait; if so, for how many seconds (at least one). */
  long secondsToWait(String address) {
    Window open = windows.getIfPresent(address);
    if (open == null || open.failures().get() < maxPerAddress) {
      return 0;
    }
    long left = window.toNanos() - (ticker.read() - open.openedNanos());
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }

  void recordFailure(String address) {
    windows.get(address, any -> new Window(ticker.read(), new AtomicInteger())).failures().incrementAndGet();
  }
}
