package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The set of a key's missing-stage times answers every question the missing-event check asks
 * exactly as a sorted set of the same times would, whether the times come in order or not, and
 * through every way of forgetting them.
 */
class TimeSetProperties {

  /**
   * Each step is an operation on both the set and a {@link TreeSet} model. Mostly it adds a time near
   * the newest so far, later than it three times in four (the in-order case) and otherwise before it
   * or equal to one already there; sometimes it forgets times, and after every step the queries of
   * the check are compared at a time chosen by the step.
   */
  @Property(tries = 300)
  void answersAsASortedSetOfTheSameTimes(
      @ForAll @Size(max = 400) List<@IntRange(max = 999) Integer> steps) {
    TimeSet times = new TimeSet();
    NavigableSet<Long> model = new TreeSet<>();
    long newest = 0;
    for (int step : steps) {
      long probe = newest - step % 50;
      if (step < 600) {
        newest += step % 4 == 0 ? 0 : step % 7;
        long time = step % 4 == 0 ? newest - step % 30 : newest;
        times.add(time);
        model.add(time);
      } else if (step < 700) {
        times.removeBefore(probe);
        model.headSet(probe, false).clear();
      } else if (step < 800) {
        Long latest = model.lower(probe);
        times.removeBeforeKeepingLatest(probe);
        model.headSet(probe, false).clear();
        if (latest != null) {
          model.add(latest);
        }
      } else if (step < 900) {
        int limit = step % 20;
        int excess = Math.max(0, model.size() - limit);
        assertThat(times.dropOldest(limit)).isEqualTo(excess);
        for (int i = 0; i < excess; i++) {
          model.pollFirst();
        }
      } else {
        int limit = step % 20;
        int excess = Math.max(0, model.size() - limit);
        assertThat(times.dropNewest(limit)).isEqualTo(excess);
        for (int i = 0; i < excess; i++) {
          model.pollLast();
        }
      }
      Long before = model.lower(probe);
      Long after = model.higher(probe);
      assertThat(times.isEmpty()).isEqualTo(model.isEmpty());
      assertThat(times.latestBefore(probe)).isEqualTo(before == null ? Long.MIN_VALUE : before);
      assertThat(times.earliestAfter(probe)).isEqualTo(after == null ? Long.MAX_VALUE : after);
      assertThat(times.anyBetween(probe - 5, probe + 5)).isEqualTo(!model.subSet(probe - 5, false, probe + 5, false).isEmpty());
    }
  }
}
