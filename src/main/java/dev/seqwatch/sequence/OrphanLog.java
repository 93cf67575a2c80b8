package dev.seqwatch.sequence;

import java.util.Arrays;

/**
 * One rule's orphans in the order they came: a ring of entries, each the key's hash and key, the
 * candidate (or, for an event of missing stages only, its time and those stages) and the wall-clock
 * time it was written; and, through the entries, a chain per bucket of key hashes, newest first, so
 * that a key's entries are found without a scan of the ring.
 *
 * <p>Why a ring. With Elastic's whole rule set most later-stage candidates are orphans, and almost
 * none is ever joined: in a replay only 8 of 1,024 rules started a chain at all. A map of keys made
 * each orphan cost a look for its key among a few hundred thousand, a wait for memory three or four
 * times, and a second look when it expired (docs/benchmarks.md). Here an orphan is appended where
 * the ring's end already is, and leaves from its start when its time is up, in the order written;
 * only a chain start, rare, looks for a key.
 *
 * <p>Buckets. There is one bucket of hashes per {@value #SLOTS_PER_BUCKET} slots of the ring. Every
 * append reads and writes its bucket's head, at a place its hash picks. With a bucket per slot
 * that table was as long as the ring: megabytes for the rules that append for nearly every event,
 * so nearly one cache miss per append. With a table an eighth as long, matching with Elastic's
 * rule set took 2.5 % less CPU on average over seven interleaved pairs (docs/benchmarks.md,
 * forty-first session); the longer chains cost only the rare take, which walks about eight
 * entries per bucket.
 *
 * <p>Sequence numbers. Entry {@code s} (counting from the ring's first) sits in slot {@code s mod
 * capacity}, which only entry {@code s + capacity} can take, and only once {@code s} has left. So a
 * sequence number at or after {@link #tail} always names the entry its slot holds, and a chain is
 * followed until it reaches one before {@link #tail}.
 *
 * <p>Not thread-safe: {@link Orphans} calls it under its lock.
 */
final class OrphanLog {

  /** Fewest slots the ring shrinks to; a rule that kept orphans once will likely keep more. */
  private static final int MIN_CAPACITY = 16;
  /** Slots of the ring per bucket of hashes; a power of two, at most {@link #MIN_CAPACITY}. */
  private static final int SLOTS_PER_BUCKET = 8;
  private static final long NOT_SPARSE = Long.MIN_VALUE;

  private int[] hashes = new int[0];
  /** The entry's key; null once the entry was taken by a state or left. */
  private CorrelationKey[] keys = new CorrelationKey[0];
  /** The entry's candidate; null for an event of missing stages only. */
  private Candidate[] candidates = new Candidate[0];
  /** For an event of missing stages only: its timestamp (ms) and its stages. */
  private long[] times = new long[0];
  private long[] missingStages = new long[0];
  /**
   * Wall-clock nanoseconds of the write. Entries leave in the order written, so one written on an
   * earlier clock than the entry before it (two threads' batches) leaves with that one.
   */
  private long[] writtenAt = new long[0];
  /** The sequence number of the previous entry of the same bucket, or one before {@link #tail}. */
  private long[] previous = new long[0];
  /** Per bucket of hashes, the sequence number of its newest entry, or 0 for none. */
  private long[] heads = new long[0];
  /** Sequence number of the oldest entry still in the ring; from 1, so that 0 names no entry. */
  private long tail = 1;
  /** Sequence number the next entry gets. */
  private long head = 1;
  /** Entries not taken nor left: what the rule's counters hold for the log. */
  private int live;
  /**
   * When {@link #expire} first found the ring less than an eighth full since it last was fuller,
   * or {@link #NOT_SPARSE}. The ring shrinks only once it has stayed so for a whole time to live.
   */
  private long sparseSince = NOT_SPARSE;

  /** One entry taken by {@link #take}: a candidate, or a time with its missing stages. */
  interface Taken {
    void candidate(Candidate candidate);

    void time(long timestamp, long stages);
  }

  /** The counts of what left the log in one call: entries, and what they weighed besides their slots. */
  record Left(int entries, long candidateBytes) {
    static final Left NONE = new Left(0, 0);
  }

  /** Appends an orphan of {@code key}: {@code candidate}, or if null an event of {@code stages} at {@code time}. */
  void append(CorrelationKey key, Candidate candidate, long time, long stages, long nowNanos) {
    if (head - tail == hashes.length) {
      resize(Math.max(MIN_CAPACITY, hashes.length * 2));
    }
    int slot = slot(head);
    int hash = key.hashCode();
    hashes[slot] = hash;
    keys[slot] = key;
    candidates[slot] = candidate;
    times[slot] = time;
    missingStages[slot] = stages;
    writtenAt[slot] = nowNanos;
    int bucket = bucket(hash);
    previous[slot] = heads[bucket];
    heads[bucket] = head;
    head++;
    live++;
  }

  /**
   * Takes every entry of {@code key} out of the log and hands them to {@code taken} in the order they
   * were written; returns what they were.
   */
  Left take(CorrelationKey key, Taken taken) {
    if (live == 0) {
      return Left.NONE;
    }
    int hash = key.hashCode();
    long[] found = null;
    int count = 0;
    for (long seq = heads[bucket(hash)]; seq >= tail; seq = previous[slot(seq)]) {
      int slot = slot(seq);
      if (hashes[slot] == hash && keys[slot] != null && keys[slot].equals(key)) {
        if (found == null) {
          found = new long[4];
        } else if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = seq;
      }
    }
    long bytes = 0;
    for (int i = count - 1; i >= 0; i--) {
      int slot = slot(found[i]);
      Candidate candidate = candidates[slot];
      if (candidate != null) {
        bytes += candidate.weight();
        taken.candidate(candidate);
      } else {
        taken.time(times[slot], missingStages[slot]);
      }
      release(slot);
    }
    live -= count;
    return count == 0 ? Left.NONE : new Left(count, bytes);
  }

  /**
   * Lets go of the entries written {@code ttlNanos} or longer before {@code nowNanos}: they leave
   * from the ring's start, in the order written. Returns them. A ring that has held less than an
   * eighth of its slots for a whole {@code ttlNanos} shrinks to four times what it holds.
   *
   * <p>Why wait. After a lull in the traffic (a quiet night, a shipper's pause, a load generator's
   * round ending) the first batch finds every entry due and the ring all but empty, and the same
   * rule fills it again within one time to live. Shrinking at once made each such rule regrow its
   * ring by doublings, copying and rechaining every entry at each: in the whole rule set's server,
   * 1,500 regrowths moved 2.7 million entries over one load-generator run, 4 % of matching's CPU.
   * Slots a sparse ring keeps for one more time to live are memory the rule held a moment ago.
   */
  Left expire(long nowNanos, long ttlNanos) {
    int count = 0;
    long bytes = 0;
    for (int slot = oldest(); slot >= 0 && nowNanos - writtenAt[slot] >= ttlNanos; slot = oldest()) {
      count++;
      bytes += releaseOldest(slot);
    }
    int span = (int) (head - tail);
    if (hashes.length <= MIN_CAPACITY || span >= hashes.length / 8) {
      sparseSince = NOT_SPARSE;
    } else if (sparseSince == NOT_SPARSE) {
      sparseSince = nowNanos;
    } else if (nowNanos - sparseSince >= ttlNanos) {
      resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, span)) * 4));
      sparseSince = NOT_SPARSE;
    }
    return count == 0 ? Left.NONE : new Left(count, bytes);
  }

  /**
   * Lets go of the oldest entries until those let go weigh at least {@code bytes}, each counted
   * {@code entryBytes} besides its candidate's weight, or none is left; returns them. The oldest
   * are the nearest to the end of their wait, and the least likely to be joined.
   */
  Left dropOldest(long bytes, int entryBytes) {
    int count = 0;
    long candidateBytes = 0;
    for (int slot = oldest(); slot >= 0 && (long) entryBytes * count + candidateBytes < bytes; slot = oldest()) {
      count++;
      candidateBytes += releaseOldest(slot);
    }
    return count == 0 ? Left.NONE : new Left(count, candidateBytes);
  }

  /** The slot of the entry nearest the ring's start, passing over the slots let go before it; -1 if none. */
  private int oldest() {
    while (tail < head) {
      int slot = slot(tail);
      if (keys[slot] != null) {
        return slot;
      }
      tail++;
    }
    return -1;
  }

  /** Lets go of the entry {@link #oldest} found in {@code slot}; what its candidate weighed. */
  private long releaseOldest(int slot) {
    long weight = candidates[slot] != null ? candidates[slot].weight() : 0;
    release(slot);
    tail++;
    live--;
    return weight;
  }

  /** Lets go of every entry; returns them. */
  Left clear() {
    Left left = expire(Long.MAX_VALUE, Long.MIN_VALUE); // no entry's age is under the least long
    hashes = new int[0];
    keys = new CorrelationKey[0];
    candidates = new Candidate[0];
    times = new long[0];
    missingStages = new long[0];
    writtenAt = new long[0];
    previous = new long[0];
    heads = new long[0];
    tail = head;
    sparseSince = NOT_SPARSE;
    return left;
  }

  /** Entries neither taken by a state nor left. */
  int size() {
    return live;
  }

  /** Slots of the ring, held or free. */
  int capacity() {
    return hashes.length;
  }

  private void release(int slot) {
    keys[slot] = null;
    candidates[slot] = null;
  }

  private int slot(long seq) {
    return (int) seq & (hashes.length - 1);
  }

  private int bucket(int hash) {
    return (hash ^ hash >>> 16) & (heads.length - 1);
  }

  /**
   * Moves the entries into a ring of {@code capacity} slots (a power of two, at least the entries
   * between {@link #tail} and {@link #head}), keeping their sequence numbers, and chains the ones
   * still held again: taken and left ones drop out of the chains.
   */
  private void resize(int capacity) {
    int[] oldHashes = hashes;
    CorrelationKey[] oldKeys = keys;
    Candidate[] oldCandidates = candidates;
    long[] oldTimes = times;
    long[] oldStages = missingStages;
    long[] oldWrittenAt = writtenAt;
    int oldMask = oldHashes.length - 1;
    hashes = new int[capacity];
    keys = new CorrelationKey[capacity];
    candidates = new Candidate[capacity];
    times = new long[capacity];
    missingStages = new long[capacity];
    writtenAt = new long[capacity];
    previous = new long[capacity];
    heads = new long[capacity / SLOTS_PER_BUCKET];
    for (long seq = tail; seq < head; seq++) {
      int from = (int) seq & oldMask;
      int to = slot(seq);
      hashes[to] = oldHashes[from];
      keys[to] = oldKeys[from];
      candidates[to] = oldCandidates[from];
      times[to] = oldTimes[from];
      missingStages[to] = oldStages[from];
      writtenAt[to] = oldWrittenAt[from];
      if (keys[to] != null) {
        int bucket = bucket(hashes[to]);
        previous[to] = heads[bucket];
        heads[bucket] = seq;
      }
    }
  }
}
