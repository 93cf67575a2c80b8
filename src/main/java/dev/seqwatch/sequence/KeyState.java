package dev.seqwatch.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything one rule remembers about one join key. Mutated only inside the cache's atomic
 * {@code compute} for its key, so it needs no locking of its own.
 *
 * <p>Why it is more than a {@link Machine}: Elasticsearch sorts all events before matching, while
 * SeqWatch sees them in arrival order. So the state keeps the recent candidates, those within the
 * allowed lateness of the newest timestamp seen for the key, in time order ({@code window}), and the
 * machine as it stood before the oldest of them ({@code base}). An event in order advances the live
 * machine directly. An event out of order is inserted in its place and the machine is re-run from
 * {@code base}, which gives exactly what one sorted pass over everything seen so far would give
 * (semantics §10.2). Candidates that fall behind the lateness bound are folded into {@code base};
 * no event allowed later can sort before them. An event older than that is late: it is fed to
 * {@code base}, the window is re-run on top, and it is counted.
 *
 * <p>A re-run can find chains that were already reported: those are recognised by their events and
 * skipped. It can also find a chain that differs from one reported earlier because a late event
 * changed which partial was newest; that chain is reported too, naming the earlier alert it
 * revises. Reported alerts are never withdrawn.
 *
 * <p>For a rule with missing stages (§11) a completed chain is not reported at once: it waits in
 * {@code pending} until the events that could veto it are all known, which is when the key's event
 * time, less the allowed lateness, has passed its last event (a leading or middle missing stage)
 * and, with a trailing one, its first event plus maxspan (see {@link #decide}). It is checked against the times of the
 * key's missing-stage events ({@code leading}, {@code gaps}, {@code trailing}) exactly as
 * Elasticsearch's {@code TumblingWindow.checkMissingEvents} checks a completed sequence, and
 * reported if it passes. A confirmed chain's last event has left the window, so no re-run can
 * rearrange it: confirmed chains never need revising. {@link #closeAll} decides every pending chain
 * now: at the end of a finite input, or when the key's state expires.
 *
 * <p>{@link #weight()} counts everything the state keeps alive, each candidate once however many
 * of the window, the two machines, the pending and the reported chains hold it.
 */
final class KeyState {

  /** The gaps of a rule without missing stages: shared, since states outlive their batch. */
  private static final TimeSet[] NO_GAPS = new TimeSet[0];

  /** Remembered reported chains per key, so re-runs do not report them again; a safety bound. */
  private static final int MAX_REPORTED = 64;

  private final Machine base;
  private Machine live;
  private final ArrayList<Candidate> window = new ArrayList<>();
  /** Empty and shared until a chain is reported: most keys never report one. */
  private List<Found> reported = List.of();
  private long newest = Long.MIN_VALUE;
  private final ArrayList<Candidate[]> pending;
  private final TimeSet leading;
  private TimeSet trailing;
  private final TimeSet[] gaps;
  /** Whether the rule has missing stages; without them a pending chain waits for until events only. */
  private final boolean missing;
  /** The summed weight of the window's candidates, kept as they come and go. */
  private long windowWeight;
  private int weighings;
  private int weight;

  KeyState(SequenceRule rule) {
    base = new Machine(rule.chainLength());
    live = new Machine(rule.chainLength());
    boolean missing = rule.hasMissing();
    this.missing = missing;
    pending = rule.confirmsLater() ? new ArrayList<>(1) : null;
    leading = rule.hasLeading() ? new TimeSet() : null;
    trailing = rule.hasTrailing() ? new TimeSet() : null;
    gaps = missing ? new TimeSet[Math.max(0, rule.chainLength() - 1)] : NO_GAPS;
  }

  /**
   * Records that an event of missing plan stage {@code stage} occurred at {@code timestamp}. Call
   * before {@link #accept} or {@link #advance} for the same event, which decide pending chains.
   */
  void absent(SequenceRule rule, int stage, long timestamp) {
    int gap = rule.gapOf(stage);
    TimeSet times = gap == SequenceRule.LEADING ? leading : gap == SequenceRule.TRAILING ? trailing
        : gaps[gap] != null ? gaps[gap] : (gaps[gap] = new TimeSet());
    times.add(timestamp);
  }

  /**
   * An event of this key that matched only missing stages: it moves the key's event time, which may
   * confirm pending chains into {@code out}.
   */
  void advance(SequenceRule rule, long timestamp, List<Found> out) {
    newest = Math.max(newest, timestamp);
    fold(rule);
    decide(rule, false, out);
    weight = weigh();
  }

  /** Decides every pending chain now, as if no more events could come (§11); confirmed ones go to {@code out}. */
  void closeAll(SequenceRule rule, List<Found> out) {
    decide(rule, true, out);
    weight = weigh();
  }

  /** Whether a chain waits for its missing-event check. */
  boolean hasPending() {
    return pending != null && !pending.isEmpty();
  }

  /** Feeds one candidate; chains it newly completes are added to {@code out}. */
  void accept(SequenceRule rule, Candidate candidate, List<Found> out) {
    List<Candidate[]> completed = new ArrayList<>(1);
    boolean rerun = false;
    long maxspan = rule.maxspanMillis();
    if (newest != Long.MIN_VALUE && candidate.timestamp < newest - rule.latenessMillis()) {
      rule.discard(Discard.LATE, 1);
      base.step(candidate, maxspan, completed);
      rerun(maxspan, completed);
      rerun = true;
    } else if (window.isEmpty() || window.get(window.size() - 1).isBefore(candidate)) {
      enter(candidate);
      rule.discard(Discard.MAXSPAN, live.step(candidate, maxspan, completed));
    } else {
      int at = Collections.binarySearch(window, candidate);
      enter(-at - 1, candidate);
      rerun(maxspan, completed);
      rerun = true;
    }
    newest = Math.max(newest, candidate.timestamp);
    if (pending != null) {
      if (rerun) {
        // Chains a re-run can rebuild are rebuilt: keep only those it still produces.
        pending.removeIf(chain -> window.contains(chain[chain.length - 1])
            && completed.stream().noneMatch(again -> sameEvents(again, chain)));
      }
      for (Candidate[] chain : completed) {
        if (!isReported(chain) && pending.stream().noneMatch(waiting -> sameEvents(waiting, chain))) {
          pending.add(chain);
        }
      }
      fold(rule);
      decide(rule, false, out);
      weight = weigh();
      return;
    }
    List<Found> superseded = rerun ? superseded(completed) : List.of();
    fold(rule);
    report(rule, completed, superseded, out);
    weight = weigh();
  }

  private void enter(Candidate candidate) {
    enter(window.size(), candidate);
  }

  private void enter(int at, Candidate candidate) {
    window.add(at, candidate);
    candidate.inWindow = true;
    windowWeight += candidate.weight();
  }

  private Candidate leave() {
    Candidate oldest = window.remove(0);
    oldest.inWindow = false;
    windowWeight -= oldest.weight();
    return oldest;
  }

  /**
   * Whether a partial is pending. A state without one only keeps later-stage candidates in case an
   * earlier stage arrives out of order, which it can only do within the allowed lateness.
   */
  boolean hasPartial() {
    return live.hasPartial() || base.hasPartial();
  }

  /**
   * Whether the state must live maxspan + lateness without a new event (§10.3, §11), rather than
   * only the allowed lateness: it has a pending partial, a chain waiting for its missing-event check
   * (decided when the state expires, so expiring early would decide it early), or times of leading
   * missing-stage events (a leading one vetoes a chain starting up to maxspan after it, however late
   * in wall-clock time that chain's first event comes). A state holding only later-stage candidates,
   * {@code until} events or times of trailing and middle missing stages waits for nothing but events
   * that may still be put before them, which can only arrive within the allowed lateness: §10.2
   * keeps an {@code until} event for the allowed lateness, no longer, and a trailing or middle time
   * vetoes only a chain whose earlier events come after it, out of order, as a later-stage
   * candidate completes only such a chain.
   */
  boolean waitsBeyondLateness() {
    return hasPartial() || missing && hasPending() || leading != null && !leading.isEmpty();
  }

  /**
   * Takes the missing-stage times and the newest timestamp that the key's orphans held ({@link
   * Orphans}), as if this state had recorded them itself: it is new, so nothing it holds depends on
   * them yet, and its own forgetting applies to them from here on. Call before the orphans'
   * candidates are replayed.
   */
  void adopt(long newestOrphan, TimeSet trailingTimes, TimeSet[] gapTimes) {
    newest = Math.max(newest, newestOrphan);
    if (trailingTimes != null) {
      trailing = trailingTimes;
    }
    for (int gap = 0; gapTimes != null && gap < gapTimes.length; gap++) {
      if (gapTimes[gap] != null) {
        gaps[gap] = gapTimes[gap];
      }
    }
  }

  /**
   * Checks the pending chains whose verdict can no longer change, or all of them when {@code all};
   * reports those that pass. Events before the lateness bound are all known (later ones are late,
   * §10.3), so once the bound has passed a chain's last event, its events, the leading and middle
   * missing events and any trailing one before the bound are final. A veto is then final too: an
   * earlier trailing event could only strengthen it. A pass is final when no trailing event that
   * could still come can veto: at once without a trailing stage; with one, once the bound has passed
   * first + maxspan, or once the earliest trailing event after the chain is itself before the bound.
   */
  private void decide(SequenceRule rule, boolean all, List<Found> out) {
    if (pending == null) {
      return;
    }
    long bound = newest - rule.latenessMillis();
    long maxspan = rule.maxspanMillis();
    List<Candidate[]> confirmed = new ArrayList<>(0);
    for (int i = 0; i < pending.size(); i++) {
      Candidate[] chain = pending.get(i);
      long first = chain[0].timestamp;
      long last = chain[chain.length - 1].timestamp;
      if (!all && bound <= last) {
        continue;
      }
      boolean passes = !missing || passesMissingCheck(rule, chain);
      boolean trailingFinal = all || !rule.hasTrailing() || bound > first + maxspan
          || trailing.earliestAfter(last) < bound;
      if (passes && !trailingFinal) {
        continue;
      }
      pending.remove(i--);
      if (passes) {
        confirmed.add(chain);
      }
    }
    if (!confirmed.isEmpty()) {
      report(rule, confirmed, List.of(), out);
    }
    forget(rule, bound);
  }

  /**
   * Drops the missing-stage times no chain can need any more. A pending or future chain starts no
   * earlier than {@code bound - maxspan} (older partials are dropped, §6.7), so it needs the middle
   * times after that, the leading ones after that and the latest before it, and only trailing times
   * after the bound (pending chains with an earlier trailing time are decided). Past the per-key
   * candidate limit the times least likely to matter go first, and are counted.
   */
  private void forget(SequenceRule rule, long bound) {
    forget(rule, bound, leading, trailing, gaps);
  }

  /**
   * {@link #forget} for any holder of a key's missing-stage times (null where it holds none, {@code
   * gaps} included): the orphans of a key without state forget theirs exactly as its state would
   * have.
   */
  static void forget(SequenceRule rule, long bound, TimeSet leading, TimeSet trailing, TimeSet[] gaps) {
    long oldestStart = bound - rule.maxspanMillis() - 1;
    int limit = rule.maxCandidatesPerKey();
    if (leading != null) {
      leading.removeBeforeKeepingLatest(oldestStart);
      rule.discard(Discard.WINDOW_OVERFLOW, leading.dropOldest(limit));
    }
    if (trailing != null) {
      trailing.removeBefore(bound);
      rule.discard(Discard.WINDOW_OVERFLOW, trailing.dropNewest(limit));
    }
    for (int gap = 0; gaps != null && gap < gaps.length; gap++) {
      TimeSet times = gaps[gap];
      if (times != null) {
        times.removeBefore(oldestStart);
        rule.discard(Discard.WINDOW_OVERFLOW, times.dropOldest(limit));
      }
    }
  }

  /**
   * Elasticsearch's verdict on a completed sequence with missing stages
   * ({@code TumblingWindow.doCheckMissingEvents}): an event of a middle missing stage strictly
   * between its neighbours' times discards the chain; otherwise, with L the latest leading event
   * before the first event and T the earliest trailing event after the last (times in ms, strict),
   * the chain stands unless the missing events could have completed it within maxspan.
   */
  private boolean passesMissingCheck(SequenceRule rule, Candidate[] chain) {
    for (int gap = 0; gap < gaps.length; gap++) {
      if (gaps[gap] != null && gaps[gap].anyBetween(chain[gap].timestamp, chain[gap + 1].timestamp)) {
        return false;
      }
    }
    long first = chain[0].timestamp;
    long last = chain[chain.length - 1].timestamp;
    boolean leadingMissing = rule.hasLeading();
    boolean trailingMissing = rule.hasTrailing();
    long lastLeading = leadingMissing ? leading.latestBefore(first) : Long.MIN_VALUE;
    long firstTrailing = trailingMissing ? trailing.earliestAfter(last) : Long.MAX_VALUE;
    boolean noLeading = lastLeading == Long.MIN_VALUE;
    boolean noTrailing = firstTrailing == Long.MAX_VALUE;
    long maxspan = rule.maxspanMillis();
    return noLeading && noTrailing
        || noLeading && leadingMissing
        || noTrailing && trailingMissing
        || leadingMissing && trailingMissing && firstTrailing - lastLeading > maxspan
        || leadingMissing && !trailingMissing && last - lastLeading > maxspan
        || !leadingMissing && trailingMissing && firstTrailing - first > maxspan;
  }

  private void rerun(long maxspan, List<Candidate[]> completed) {
    live = base.copy();
    for (Candidate each : window) {
      live.step(each, maxspan, completed);
    }
  }

  private void fold(SequenceRule rule) {
    long bound = newest - rule.latenessMillis();
    List<Candidate[]> ignored = new ArrayList<>(0);
    while (!window.isEmpty()) {
      Candidate oldest = window.get(0);
      boolean overflow = window.size() > rule.maxCandidatesPerKey();
      if (oldest.timestamp >= bound && !overflow) {
        return;
      }
      if (overflow) {
        rule.discard(Discard.WINDOW_OVERFLOW, 1);
      }
      leave();
      base.step(oldest, rule.maxspanMillis(), ignored);
    }
    if (rule.maxspanMillis() > 0) {
      // A partial that started more than maxspan before anything still allowed to arrive can never
      // complete; dropping it now or letting the next stage event consume it gives the same result
      // (semantics §6.7), and dropping it keeps the state small.
      base.dropStartedBefore(bound - rule.maxspanMillis());
    }
  }

  /**
   * Reported chains that a re-run no longer produces although it could have: their last event is
   * still in the window. A late event has rearranged them.
   */
  private List<Found> superseded(List<Candidate[]> completed) {
    List<Found> superseded = new ArrayList<>(0);
    for (Found found : reported) {
      Candidate[] chain = found.chain();
      boolean rerunnable = window.contains(chain[chain.length - 1]);
      if (rerunnable && completed.stream().noneMatch(again -> sameEvents(again, chain))) {
        superseded.add(found);
      }
    }
    return superseded;
  }

  private void report(SequenceRule rule, List<Candidate[]> completed, List<Found> superseded,
      List<Found> out) {
    for (Candidate[] chain : completed) {
      if (isReported(chain)) {
        continue;
      }
      String alertId = rule.alertId(chain);
      List<String> revises = new ArrayList<>(0);
      for (int i = superseded.size() - 1; i >= 0; i--) {
        Found earlier = superseded.get(i);
        if (!earlier.alertId().equals(alertId) && !revises.contains(earlier.alertId())
            && sharesEvent(earlier.chain(), chain)) {
          revises.add(earlier.alertId());
        }
      }
      Found found = new Found(chain, alertId, List.copyOf(revises));
      if (!(reported instanceof ArrayList)) {
        reported = new ArrayList<>(2);
      }
      reported.add(found);
      out.add(found);
    }
    if (reported.isEmpty()) {
      return;
    }
    long horizon = newest - rule.latenessMillis() - rule.maxspanMillis();
    reported.removeIf(found -> rule.maxspanMillis() > 0
        && found.chain()[found.chain().length - 1].timestamp < horizon);
    while (reported.size() > MAX_REPORTED) {
      reported.remove(0);
    }
  }

  private boolean isReported(Candidate[] chain) {
    for (Found found : reported) {
      if (sameEvents(found.chain(), chain)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameEvents(Candidate[] a, Candidate[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean sharesEvent(Candidate[] a, Candidate[] b) {
    for (Candidate x : a) {
      for (Candidate y : b) {
        if (x == y) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Approximate bytes this state keeps alive, as of its last change: the state and its lists, the
   * cache entry and the key, its mark ({@link Orphans#mark}), every candidate it holds once
   * (window, base and live machines, pending and reported chains), the arrays of partials and
   * chains, and the missing-stage times.
   */
  int weight() {
    return weight;
  }

  private int weigh() {
    int epoch = ++weighings;
    long total = OVERHEAD + 4L * (window.size() + reported.size()) + windowWeight
        + base.weigh(epoch) + live.weigh(epoch);
    for (Found found : reported) {
      total += FOUND_OVERHEAD + weighChain(found.chain(), epoch);
    }
    if (pending != null) {
      for (Candidate[] chain : pending) {
        total += 4 + weighChain(chain, epoch);
      }
      for (TimeSet times : gaps) {
        total += times == null ? 0 : times.weight();
      }
      total += (leading == null ? 0 : leading.weight()) + (trailing == null ? 0 : trailing.weight());
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * The chain's array plus its candidates not in the window and not yet counted in weighing {@code
   * epoch}; marks them counted. Candidates belong to one state, so the mark is never shared.
   */
  static int weighChain(Candidate[] chain, int epoch) {
    int weight = 16 + 4 * chain.length;
    for (Candidate candidate : chain) {
      if (!candidate.inWindow && candidate.weighedAt != epoch) {
        candidate.weighedAt = epoch;
        weight += candidate.weight();
      }
    }
    return weight;
  }

  /**
   * The state object, its two machines and two lists, Caffeine's entry with its expiry links, the
   * {@link CorrelationKey} and its values array.
   */
  private static final int OVERHEAD = 360;
  /** A {@link Found}: the record, its alert id (64 hex digits) and its revises list. */
  private static final int FOUND_OVERHEAD = 140;
}
