package dev.seqwatch.sequence;

import java.util.Arrays;

/**
 * Max-min fair division of the correlation state's bound among rules ("water-filling"): when the
 * rules together hold more than the bound, every rule holding less than a level keeps all it
 * holds, and every rule above the level is cut down to it, the level being the one at which the
 * total is the bound.
 *
 * <p>Why: with one bound over every rule, the cache's own policy decides which keys go, and
 * Caffeine's frequency-based admission favours keys that recur (a noisy rule keyed by host and
 * process name) over keys seen once (a reverse-shell chain keyed by process entity). A thousand
 * rules then evict the candidates of a rule that holds little because others hold a lot. Under
 * a fair division a rule loses state only when it holds more than its fair share: the noisy rules
 * give first, and a quiet rule is never evicted because of them.
 */
final class FairShare {

  private FairShare() {
  }

  /**
   * The level at which {@code sum(min(weights[i], level))} is {@code bound}, or {@link
   * Long#MAX_VALUE} when the weights already fit (nothing needs cutting). Weights are not
   * negative; {@code weights} is sorted in place.
   */
  static long level(long[] weights, long bound) {
    Arrays.sort(weights);
    long below = 0;
    for (int i = 0; i < weights.length; i++) {
      int above = weights.length - i;
      // Rules 0..i-1 keep all they hold; the rest share what is left equally, if that is not more
      // than the lightest of them holds.
      long share = (bound - below) / above;
      if (share < weights[i]) {
        return Math.max(0, share);
      }
      below += weights[i];
    }
    return Long.MAX_VALUE;
  }
}
