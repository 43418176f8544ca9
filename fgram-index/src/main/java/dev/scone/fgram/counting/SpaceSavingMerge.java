package dev.scone.fgram.counting;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The mergeable-summaries combine step for {@link SpaceSavingSummary}. Why the bound holds: an
 * n-gram absent from a summary has true count at most that summary's bound, so substituting the
 * bound keeps every merged estimate an upper bound, overestimating by at most {@code b1 + b2};
 * an n-gram dropped here has true count at most its merged estimate, at most the largest dropped
 * one. Each side's counts sum (with unused counters valued at its bound) to at most its {@code N},
 * so the {@code m + 1} largest merged estimates sum to at most {@code N1 + N2 + b1 + b2}, which
 * keeps the new bound at most {@code (N1 + N2) / m}.
 */
final class SpaceSavingMerge {
  private SpaceSavingMerge() {}

  static void into(SpaceSavingSummary a, SpaceSavingSummary b) {
    if (a.capacity != b.capacity || a.vocabSize() != b.vocabSize() || a.maxN() != b.maxN()) {
      throw new IllegalArgumentException(
          "cannot merge Space-Saving summaries of different shape: this m=" + a.capacity + ", V="
              + a.vocabSize() + ", maxN=" + a.maxN() + "; other m=" + b.capacity + ", V=" + b.vocabSize()
              + ", maxN=" + b.maxN());
    }
    Union u = union(a, b);
    int[] order = rankOrder(u.lo, u.hi, u.cnt, u.size);
    int m = a.capacity;
    int keep = Math.min(u.size, m);
    long largestDropped = u.size > m ? u.cnt[order[m]] : 0;
    long[] kLo = new long[m];
    long[] kHi = new long[m];
    long[] kCnt = new long[m];
    long[] kErr = new long[m];
    for (int i = 0; i < keep; i++) {
      int j = order[i];
      kLo[i] = u.lo[j];
      kHi[i] = u.hi[j];
      kCnt[i] = u.cnt[j];
      kErr[i] = u.err[j];
    }
    a.totalWeight = Math.addExact(a.totalWeight, b.totalWeight);
    a.floor = Math.max(a.floor + b.floor, largestDropped);
    a.reset(kLo, kHi, kCnt, kErr, keep);
  }

  /** Every n-gram monitored by either side, with summed estimates and errors; entries [0, size). */
  private record Union(long[] lo, long[] hi, long[] cnt, long[] err, int size) {}

  private static Union union(SpaceSavingSummary a, SpaceSavingSummary b) {
    int n = a.size + b.size;
    long[] lo = new long[n];
    long[] hi = new long[n];
    long[] cnt = new long[n];
    long[] err = new long[n];
    int u = 0;
    for (int s = 0; s < a.size; s++) {
      int t = b.slotOf(a.keyLo[s], a.keyHi[s]);
      lo[u] = a.keyLo[s];
      hi[u] = a.keyHi[s];
      cnt[u] = Math.addExact(a.counts[s], t >= 0 ? b.counts[t] : b.floor);
      err[u++] = a.errors[s] + (t >= 0 ? b.errors[t] : b.floor);
    }
    for (int t = 0; t < b.size; t++) {
      if (a.slotOf(b.keyLo[t], b.keyHi[t]) >= 0) continue;
      lo[u] = b.keyLo[t];
      hi[u] = b.keyHi[t];
      cnt[u] = Math.addExact(b.counts[t], a.floor);
      err[u++] = b.errors[t] + a.floor;
    }
    return new Union(lo, hi, cnt, err, u);
  }

  /** Indices {@code 0..u-1} by count descending, then key ascending (deterministic ties). */
  private static int[] rankOrder(long[] lo, long[] hi, long[] cnt, int u) {
    int[] order = new int[u];
    for (int i = 0; i < u; i++) order[i] = i;
    IntArrays.quickSort(order, 0, u, (x, y) -> {
      if (cnt[x] != cnt[y]) return Long.compare(cnt[y], cnt[x]);
      int c = Long.compareUnsigned(lo[x], lo[y]);
      return c != 0 ? c : Long.compareUnsigned(hi[x], hi[y]);
    });
    return order;
  }
}
