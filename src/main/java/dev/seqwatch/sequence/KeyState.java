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
 * <p>{@link #weight()} counts everything the state keeps alive, each candidate once however many
 * of the window, the two machines and the reported chains hold it.
 */
final class KeyState {

  /** Remembered reported chains per key, so re-runs do not report them again; a safety bound. */
  private static final int MAX_REPORTED = 64;

  private final Machine base;
  private Machine live;
  private final ArrayList<Candidate> window = new ArrayList<>();
  private final ArrayList<Found> reported = new ArrayList<>();
  private long newest = Long.MIN_VALUE;
  /** The summed weight of the window's candidates, kept as they come and go. */
  private long windowWeight;
  private int weighings;
  private int weight;

  KeyState(int stageCount) {
    base = new Machine(stageCount);
    live = new Machine(stageCount);
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
    List<Found> superseded = rerun ? superseded(completed) : List.of();
    newest = Math.max(newest, candidate.timestamp);
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
      reported.add(found);
      out.add(found);
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
   * cache entry and the key, every candidate it holds once (window, base and live machines,
   * reported chains), and the arrays of partials and reported chains.
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
