package dev.scone.fgram.vocab;

import dev.scone.fgram.ngram.NgramSlots;

/**
 * The best {@code limit} packed n-grams seen so far in {@link FgramVocabulary}'s rank order, as a
 * binary heap whose root is the worst of them, so a newcomer is compared with the root only:
 * {@code O(log limit)} per accepted n-gram, {@code O(1)} per rejected one. Arrays grow by doubling
 * up to {@code limit} (24 bytes per kept n-gram). Not thread-safe.
 */
final class RankHeap {
  private final NgramSlots slots;
  private final int limit;
  private long[] lo = new long[16];
  private long[] hi = new long[16];
  private long[] count = new long[16];
  private int size;

  RankHeap(NgramSlots slots, int limit) {
    this.slots = slots;
    this.limit = limit;
  }

  /** Keeps {@code (lo, hi, c)} if it is among the best {@code limit} so far. */
  void offer(long l, long h, long c) {
    if (limit == 0) return;
    if (size < limit) {
      if (size == lo.length) grow();
      put(size, l, h, c);
      siftUp(size++);
    } else if (worse(lo[0], hi[0], count[0], l, h, c)) {
      put(0, l, h, c);
      siftDown(0);
    }
  }

  /** Removes everything, returning it in rank order (best first) as {@code [lo, hi, count]}. */
  long[][] drainInRankOrder() {
    int n = size;
    long[][] out = {new long[n], new long[n], new long[n]};
    for (int i = n - 1; i >= 0; i--) {
      out[0][i] = lo[0];
      out[1][i] = hi[0];
      out[2][i] = count[0];
      size--;
      if (size > 0) {
        put(0, lo[size], hi[size], count[size]);
        siftDown(0);
      }
    }
    return out;
  }

  /** Whether a ranks after b: count ascending, then longer first, then tokens descending. */
  private boolean worse(long loA, long hiA, long cA, long loB, long hiB, long cB) {
    if (cA != cB) return cA < cB;
    return slots.compareLengthThenTokens(loA, hiA, loB, hiB) > 0;
  }

  private boolean worseAt(int i, int j) {
    return worse(lo[i], hi[i], count[i], lo[j], hi[j], count[j]);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worseAt(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) return;
      if (child + 1 < size && worseAt(child + 1, child)) child++;
      if (!worseAt(child, i)) return;
      swap(i, child);
      i = child;
    }
  }

  private void put(int i, long l, long h, long c) {
    lo[i] = l;
    hi[i] = h;
    count[i] = c;
  }

  private void swap(int i, int j) {
    long l = lo[i], h = hi[i], c = count[i];
    put(i, lo[j], hi[j], count[j]);
    put(j, l, h, c);
  }

  private void grow() {
    int n = (int) Math.min((long) limit, 2L * lo.length);
    lo = java.util.Arrays.copyOf(lo, n);
    hi = java.util.Arrays.copyOf(hi, n);
    count = java.util.Arrays.copyOf(count, n);
  }
}
