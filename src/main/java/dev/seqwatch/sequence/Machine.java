package dev.seqwatch.sequence;

import java.util.List;

/**
 * The sequence state machine of one join key: one pending partial per stage, the newest replacing
 * the older (semantics §6.1–§6.4). {@code slots[k]} holds a partial whose stages {@code 0..k} are
 * filled, or null.
 *
 * <p>An event advances a partial only if it comes strictly after the partial's last event, which is
 * what Elasticsearch's {@code OrdinalGroup.trimBefore} guarantees (§4.5). For events fed in order
 * this is always true; it keeps every produced chain valid when a late event is fed behind newer
 * ones. Stages are tried from the last to the first, so one event can complete a chain in one role
 * and start another in an earlier one, but never fill two slots of the same chain (§4.6). Stage
 * numbers here are chain positions: positive stages only (§11).
 */
final class Machine {

  private final Candidate[][] slots;

  Machine(int stageCount) {
    slots = new Candidate[stageCount - 1][];
  }

  private Machine(Candidate[][] slots) {
    this.slots = slots;
  }

  Machine copy() {
    return new Machine(slots.clone());
  }

  /**
   * Feeds one candidate.
   *
   * @param completed receives every chain the candidate completes
   * @return how many partials failed maxspan and were consumed (§5.4)
   */
  int step(Candidate event, long maxspanMillis, List<Candidate[]> completed) {
    int rejected = advance(event, maxspanMillis, completed);
    if (event.until) {
      // After the stages: an until event may itself complete a chain, and then ends every partial
      // whose last event is not after it, those it just made included. Elasticsearch refuses to
      // extend a partial ending at P with an event at E when an until U has P <= U < E
      // (SequenceMatcher.match, UntilGroup.before, Ordinal.between).
      for (int k = 0; k < slots.length; k++) {
        if (slots[k] != null && !event.isBefore(slots[k][k])) {
          slots[k] = null;
        }
      }
    }
    return rejected;
  }

  private int advance(Candidate event, long maxspanMillis, List<Candidate[]> completed) {
    if (slots.length == 0) {
      // One positive stage, the others missing (§11): every match is a chain of one, as
      // Elasticsearch's SequenceMatcher completes a hit of a stage that is both first and last.
      if (event.matches(0)) {
        completed.add(new Candidate[] {event});
      }
      return 0;
    }
    int rejected = 0;
    int last = slots.length;
    for (int stage = last; stage >= 1; stage--) {
      Candidate[] partial = slots[stage - 1];
      if (!event.matches(stage) || partial == null || !partial[partial.length - 1].isBefore(event)) {
        continue;
      }
      slots[stage - 1] = null;
      if (maxspanMillis > 0 && event.timestamp - partial[0].timestamp > maxspanMillis) {
        rejected++;
        continue;
      }
      Candidate[] chain = new Candidate[stage + 1];
      System.arraycopy(partial, 0, chain, 0, stage);
      chain[stage] = event;
      if (stage == last) {
        completed.add(chain);
      } else if (slots[stage] == null || slots[stage][stage].isBefore(event)) {
        slots[stage] = chain;
      }
    }
    if (event.matches(0) && (slots[0] == null || slots[0][0].isBefore(event))) {
      slots[0] = new Candidate[] {event};
    }
    return rejected;
  }

  /** Drops every partial whose first event is older than {@code timestamp}. */
  void dropStartedBefore(long timestamp) {
    for (int k = 0; k < slots.length; k++) {
      if (slots[k] != null && slots[k][0].timestamp < timestamp) {
        slots[k] = null;
      }
    }
  }

  boolean hasPartial() {
    for (Candidate[] slot : slots) {
      if (slot != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Bytes of the pending partials: their arrays, and the candidates in them that are neither in the
   * window nor counted before in weighing {@code epoch} (see {@link KeyState#weight()}).
   */
  int weigh(int epoch) {
    int weight = 16 + 4 * slots.length;
    for (Candidate[] slot : slots) {
      if (slot != null) {
        weight += KeyState.weighChain(slot, epoch);
      }
    }
    return weight;
  }
}
