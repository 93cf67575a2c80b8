package dev.seqwatch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts failed authentications in fixed windows, per client address and in total. Once an
 * address has failed {@code maxPerAddress} times in its window, or all addresses together
 * {@code maxTotal} times in the current one, failed attempts are answered 429 until the window
 * ends: guessing slows down however many addresses it comes from. A valid key is never refused here:
 * keys carry about 190 bits, so throttling them buys nothing against guessing and would hand
 * anyone sharing an address (NAT, a proxy), or anyone at all for the total, a way to lock out
 * healthy shippers (issue 14). The Basic user's password a person chose, so Basic attempts are
 * refused while throttled, the right password included (docs/security.md).
 */
final class FailedAttempts {

  private final int maxPerAddress;
  private final int maxTotal;
  private final Duration window;
  private final Ticker ticker;
  private final Cache<String, Window> windows;
  private final AtomicReference<Window> total;

  /** One window: when it opened and the failures in it. */
  private record Window(long openedNanos, AtomicInteger failures) {
  }

  FailedAttempts(int maxPerAddress, int maxTotal, Duration window, Ticker ticker) {
    this.maxPerAddress = maxPerAddress;
    this.maxTotal = maxTotal;
    this.window = window;
    this.ticker = ticker;
    // A window is written once, when opened, so expire-after-write ends it on time; the size bound
    // keeps a scan from many addresses from growing the table without limit (the total still counts them).
    this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).ticker(ticker).build();
    this.total = new AtomicReference<>(new Window(ticker.read(), new AtomicInteger()));
  }

  /** Whether failed attempts from the address must wait; if so, for how many seconds (at least one). */
  long secondsToWait(String address) {
    long now = ticker.read();
    long wait = 0;
    Window open = windows.getIfPresent(address);
    if (open != null && open.failures().get() >= maxPerAddress) {
      wait = left(open, now);
    }
    Window all = total.get();
    if (now - all.openedNanos() < window.toNanos() && all.failures().get() >= maxTotal) {
      wait = Math.max(wait, left(all, now));
    }
    return wait;
  }

  private long left(Window open, long now) {
    long nanos = window.toNanos() - (now - open.openedNanos());
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  void recordFailure(String address) {
    windows.get(address, any -> new Window(ticker.read(), new AtomicInteger())).failures().incrementAndGet();
    long now = ticker.read();
    Window all = total.get();
    if (now - all.openedNanos() >= window.toNanos()) {
      Window next = new Window(now, new AtomicInteger());
      all = total.compareAndSet(all, next) ? next : total.get();
    }
    all.failures().incrementAndGet();
  }
}
