package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The fair level divides the bound max-min fairly. */
class FairShareProperties {

  @Property
  void weightsThatFitAreNotCut(@ForAll @Size(max = 50) List<@LongRange(max = 1_000_000) Long> drawn) {
    long[] weights = drawn.stream().mapToLong(Long::longValue).toArray();
    long total = Arrays.stream(weights).sum();

    assertThat(FairShare.level(weights.clone(), total)).isEqualTo(Long.MAX_VALUE);
  }

  @Property
  void overTheBoundTheLevelBringsTheTotalToTheBoundAndSparesEveryRuleBelowIt(
      @ForAll @Size(min = 1, max = 50) List<@LongRange(max = 1_000_000) Long> drawn,
      @ForAll @LongRange(min = 0, max = 50_000_000) long bound) {
    long[] weights = drawn.stream().mapToLong(Long::longValue).toArray();
    long total = Arrays.stream(weights).sum();
    long level = FairShare.level(weights.clone(), bound);
    if (total <= bound) {
      assertThat(level).isEqualTo(Long.MAX_VALUE);
      return;
    }

    long capped = Arrays.stream(weights).map(w -> Math.min(w, level)).sum();
    long cut = Arrays.stream(weights).filter(w -> w > level).count();
    // At most the bound, and short of it only by the rounding of the share among the rules cut.
    assertThat(capped).isLessThanOrEqualTo(bound).isGreaterThan(bound - cut);
    // The highest level that fits: one more byte each for the rules cut would pass the bound.
    long oneMore = Arrays.stream(weights).map(w -> Math.min(w, level + 1)).sum();
    assertThat(oneMore).isGreaterThan(bound);
  }

  @Example
  void theQuietRuleKeepsAllItHoldsWhileTheNoisyOnesShareTheRest() {
    long[] weights = {10, 300, 500};

    // 10 kept; 300 and 500 share 190.
    assertThat(FairShare.level(weights, 200)).isEqualTo(95);
  }
}
