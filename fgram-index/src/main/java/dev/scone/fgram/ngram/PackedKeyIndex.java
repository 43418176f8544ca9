package dev.scone.fgram.ngram;

/**
 * A fixed-capacity map from packed n-grams ({@code lo, hi}) to non-negative ints, with removal:
 * linear probing at load <= 0.5 and backward-shift deletion (no tombstones, so probe lengths do
 * not degrade under the constant evict-and-insert churn of a streaming summary). 20 bytes per
 * slot, at least two slots per key.
 *
 * <p>Keys must have {@code lo != 0} (every packed n-gram does). Not thread-safe.
 */
public final class PackedKeyIndex {
  private final long[] keyLo;
  private final long[] keyHi;
  private final int[] values;
  private final int mask;
  private final int maxKeys;
  private int size;

  /** An index for up to {@code maxKeys} keys. */
  public PackedKeyIndex(int maxKeys) {
    if (maxKeys < 1 || maxKeys > (1 << 29)) {
      throw new IllegalArgumentException("maxKeys must be in [1, 2^29], got " + maxKeys);
    }
    int capacity = Integer.highestOneBit(Math.max(2, 2 * maxKeys - 1)) << 1;
    this.keyLo = new long[capacity];
    this.keyHi = new long[capacity];
    this.values = new int[capacity];
    this.mask = capacity - 1;
    this.maxKeys = maxKeys;
  }

  private int home(long lo, long hi) {
    return (int) NgramPacker.mix(lo, hi) & mask;
  }

  /** Slot of the key, or of the empty slot where it would go. */
  private int find(long lo, long hi) {
    int i = home(lo, hi);
    while (keyLo[i] != 0 && (keyLo[i] != lo || keyHi[i] != hi)) i = (i + 1) & mask;
    return i;
  }

  /** The value of {@code (lo, hi)}, or -1 when absent. */
  public int get(long lo, long hi) {
    if (lo == 0) return -1;
    int i = find(lo, hi);
    return keyLo[i] == 0 ? -1 : values[i];
  }

  /**
   * Maps {@code (lo, hi)} to {@code value}, replacing any old value.
   *
   * @throws IllegalStateException when the key is new and the index already holds maxKeys keys
   */
  public void put(long lo, long hi, int value) {
    if (lo == 0) throw new IllegalArgumentException("packed n-gram has lo == 0 (empty); expected length >= 1");
    if (value < 0) throw new IllegalArgumentException("value must be >= 0, got " + value);
    int i = find(lo, hi);
    if (keyLo[i] == 0) {
      if (size == maxKeys) throw new IllegalStateException("index is full at " + maxKeys + " keys");
      keyLo[i] = lo;
      keyHi[i] = hi;
      size++;
    }
    values[i] = value;
  }

  /** Removes {@code (lo, hi)}; returns whether it was present. */
  public boolean remove(long lo, long hi) {
    if (lo == 0) return false;
    int hole = find(lo, hi);
    if (keyLo[hole] == 0) return false;
    keyLo[hole] = 0;
    size--;
    // Shift later members of the probe run back into the hole unless their home lies in
    // (hole, j] cyclically, where moving them would put them before their home.
    for (int j = (hole + 1) & mask; keyLo[j] != 0; j = (j + 1) & mask) {
      int fromHome = (j - home(keyLo[j], keyHi[j])) & mask;
      int fromHole = (j - hole) & mask;
      if (fromHome >= fromHole) {
        keyLo[hole] = keyLo[j];
        keyHi[hole] = keyHi[j];
        values[hole] = values[j];
        keyLo[j] = 0;
        hole = j;
      }
    }
    return true;
  }

  /** Removes every key. */
  public void clear() {
    java.util.Arrays.fill(keyLo, 0);
    size = 0;
  }

  public int size() {
    return size;
  }

  /** Bytes held by the arrays (20 per slot), excluding object headers. */
  public long arrayBytes() {
    return (2L * Long.BYTES + Integer.BYTES) * keyLo.length;
  }
}
