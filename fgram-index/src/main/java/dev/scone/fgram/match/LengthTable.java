package dev.scone.fgram.match;

/**
 * Exact map from the keys of one n-gram length to f-gram ids: open addressing with linear
 * probing on one flat {@code long[]}, the key and its id side by side so a probe reads one
 * cache line. Keys that fit one word take 2 longs per slot {@code [lo, id]}; wider keys take
 * 4 {@code [lo, hi, id, unused]} (16 or 32 bytes, never straddling a line when the array's
 * data is 16-byte aligned). A stored {@code lo} is never 0, so 0 marks an empty slot.
 *
 * <p>Filled once during build, then read-only and safe for concurrent reads.
 */
final class LengthTable {
  /** At most this fraction of slots is used, so a miss ends after ~2 slots on average. */
  private static final double MAX_LOAD = 0.5;

  private final boolean wide;
  private final int stride;
  private final int capacity;
  private final long[] slots;

  LengthTable(int keys, boolean wide) {
    this.wide = wide;
    this.stride = wide ? 4 : 2;
    this.capacity = (int) Math.max(2, Math.ceil(keys / MAX_LOAD));
    this.slots = new long[Math.multiplyExact(capacity, stride)];
  }

  /** Stores {@code id} for the key unless it is already present (the first id wins). */
  void putIfAbsent(long lo, long hi, long hash, int id) {
    int s = home(hash);
    while (slots[s * stride] != 0) {
      if (matches(s, lo, hi)) return;
      s = next(s);
    }
    slots[s * stride] = lo;
    if (wide) slots[s * stride + 1] = hi;
    slots[s * stride + stride - (wide ? 2 : 1)] = id;
  }

  /** The id stored for {@code (lo, hi)}, or -1; {@code hash} must be the key's build hash. */
  int find(long lo, long hi, long hash) {
    for (int s = home(hash); ; s = next(s)) {
      long key = slots[s * stride];
      if (key == 0) return -1;
      if (key == lo && (!wide || slots[s * stride + 1] == hi)) {
        return (int) slots[s * stride + stride - (wide ? 2 : 1)];
      }
    }
  }

  long byteSize() {
    return 8L * slots.length;
  }

  private boolean matches(int s, long lo, long hi) {
    return slots[s * stride] == lo && (!wide || slots[s * stride + 1] == hi);
  }

  /** Home slot from the hash's low 32 bits by multiply-shift (the filter uses the high bits). */
  private int home(long hash) {
    return (int) (((hash & 0xFFFFFFFFL) * capacity) >>> 32);
  }

  private int next(int s) {
    return s + 1 == capacity ? 0 : s + 1;
  }
}
