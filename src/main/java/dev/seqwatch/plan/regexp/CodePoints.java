package dev.seqwatch.plan.regexp;

import java.util.Arrays;

/**
 * Sets of Unicode code points as sorted inclusive ranges, {@code lo, hi} pairs, disjoint and not
 * adjacent, so that equal sets have equal arrays.
 */
final class CodePoints {

  static final int MAX = 0x10FFFF;
  static final int[] NONE = {};
  static final int[] ALL = {0, MAX};

  private CodePoints() {
  }

  static int[] of(int c) {
    return new int[] {c, c};
  }

  /** The range {@code [lo, hi]}; empty when {@code lo > hi}. */
  static int[] range(int lo, int hi) {
    return lo > hi ? NONE : new int[] {lo, hi};
  }

  /** Normalizes pairs in any order, overlapping or adjacent. */
  static int[] normalize(int[] pairs) {
    int n = pairs.length / 2;
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = (long) pairs[2 * i] << 32 | pairs[2 * i + 1];
    }
    Arrays.sort(packed);
    int[] out = new int[pairs.length];
    int size = 0;
    for (long range : packed) {
      int lo = (int) (range >>> 32);
      int hi = (int) range;
      if (size > 0 && lo <= out[size - 1] + 1) {
        out[size - 1] = Math.max(out[size - 1], hi);
      } else {
        out[size++] = lo;
        out[size++] = hi;
      }
    }
    return Arrays.copyOf(out, size);
  }

  static int[] union(int[] a, int[] b) {
    int[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return normalize(both);
  }

  static int[] complement(int[] set) {
    int[] out = new int[set.length + 2];
    int size = 0;
    int next = 0;
    for (int i = 0; i < set.length; i += 2) {
      if (set[i] > next) {
        out[size++] = next;
        out[size++] = set[i] - 1;
      }
      next = set[i + 1] + 1;
    }
    if (next <= MAX) {
      out[size++] = next;
      out[size++] = MAX;
    }
    return Arrays.copyOf(out, size);
  }

  static int[] intersect(int[] a, int[] b) {
    return complement(union(complement(a), complement(b)));
  }

  /** {@code set} with the other case of every ASCII letter it holds added. */
  static int[] withAsciiCase(int[] set) {
    int[] upper = intersect(set, new int[] {'a', 'z'});
    int[] lower = intersect(set, new int[] {'A', 'Z'});
    int[] added = new int[upper.length + lower.length];
    for (int i = 0; i < upper.length; i++) {
      added[i] = upper[i] - ('a' - 'A');
    }
    for (int i = 0; i < lower.length; i++) {
      added[upper.length + i] = lower[i] + ('a' - 'A');
    }
    return union(set, added);
  }
}
