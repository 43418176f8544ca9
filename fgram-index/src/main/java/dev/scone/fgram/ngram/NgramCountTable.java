package dev.scone.fgram.ngram;

/**
 * Exact counts keyed by packed n-grams ({@code lo, hi} from {@link NgramPacker}): open
 * addressing with linear probing over two {@code long[]} key arrays and a {@code long[]} count
 * array, power-of-two capacity, doubled when more than 70% full. No per-entry objects: a distinct
 * n-gram costs 24 bytes per slot, i.e. 34-69 bytes at the load factors it runs at.
 *
 * <p>An empty slot has {@code lo == 0}; every packed n-gram of length >= 1 has a non-zero low word
 * (slot 0 holds token + 1), so keys with {@code lo == 0} are refused. Iteration order is
 * unspecified. Not thread-safe: one table per worker, then {@link #addAll}.
 */
public final class NgramCountTable {
  private static final double MAX_LOAD = 0.7;
  private static final int MAX_CAPACITY = 1 << 30;

  private long[] keyLo;
  private long[] keyHi;
  private long[] counts;
  private int mask;
  private int size;
  private int threshold;

  /** A table that holds {@code expectedSize} keys without growing. */
  public NgramCountTable(int expectedSize) {
    if (expectedSize < 0) throw new IllegalArgumentException("expectedSize must be >= 0, got " + expectedSize);
    allocate(capacityFor(expectedSize));
  }

  private static int capacityFor(long keys) {
    long needed = Math.max(16, (long) Math.ceil(keys / MAX_LOAD) + 1);
    if (needed > MAX_CAPACITY) {
      throw new IllegalStateException(
          "n-gram table would need " + needed + " slots for " + keys + " keys; the maximum is " + MAX_CAPACITY);
    }
    return Integer.highestOneBit((int) needed - 1) << 1;
  }

  private void allocate(int capacity) {
    keyLo = new long[capacity];
    keyHi = new long[capacity];
    counts = new long[capacity];
    mask = capacity - 1;
    threshold = (int) (capacity * MAX_LOAD);
  }

  /** Adds {@code delta} to the count of {@code (lo, hi)}, inserting it at {@code delta} if absent. */
  public void add(long lo, long hi, long delta) {
    if (lo == 0) throw new IllegalArgumentException("packed n-gram has lo == 0 (empty); expected length >= 1");
    int i = (int) NgramPacker.mix(lo, hi) & mask;
    while (true) {
      long k = keyLo[i];
      if (k == 0) {
        keyLo[i] = lo;
        keyHi[i] = hi;
        counts[i] = delta;
        if (++size > threshold) grow();
        return;
      }
      if (k == lo && keyHi[i] == hi) {
        counts[i] += delta;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** The count of {@code (lo, hi)}, 0 when absent. */
  public long get(long lo, long hi) {
    if (lo == 0) return 0;
    int i = (int) NgramPacker.mix(lo, hi) & mask;
    while (true) {
      long k = keyLo[i];
      if (k == 0) return 0;
      if (k == lo && keyHi[i] == hi) return counts[i];
      i = (i + 1) & mask;
    }
  }

  /**
   * The count of {@code ngram} packed by {@code packer}, 0 when absent or when it has no packed
   * form there ({@link NgramPacker#fits}): a lookup by token ids that may be out of range.
   */
  public long get(NgramPacker packer, int[] ngram) {
    if (!packer.fits(ngram)) return 0;
    return get(packer.lo(ngram, 0, ngram.length), packer.hi(ngram, 0, ngram.length));
  }

  /** Whether {@code (lo, hi)} is a key (also when its count is 0). */
  public boolean contains(long lo, long hi) {
    if (lo == 0) return false;
    int i = (int) NgramPacker.mix(lo, hi) & mask;
    while (keyLo[i] != 0) {
      if (keyLo[i] == lo && keyHi[i] == hi) return true;
      i = (i + 1) & mask;
    }
    return false;
  }

  private void grow() {
    long[] oldLo = keyLo;
    long[] oldHi = keyHi;
    long[] oldCounts = counts;
    if (oldLo.length >= MAX_CAPACITY) {
      throw new IllegalStateException("n-gram table is full at " + size + " keys (capacity " + oldLo.length + ")");
    }
    allocate(oldLo.length * 2);
    for (int j = 0; j < oldLo.length; j++) {
      if (oldLo[j] != 0) insertFresh(oldLo[j], oldHi[j], oldCounts[j]);
    }
  }

  /** Inserts a key known to be absent, without the growth check (rehash and filtered copies). */
  private void insertFresh(long lo, long hi, long count) {
    int i = (int) NgramPacker.mix(lo, hi) & mask;
    while (keyLo[i] != 0) i = (i + 1) & mask;
    keyLo[i] = lo;
    keyHi[i] = hi;
    counts[i] = count;
  }

  /** Adds every count of {@code other} into this table. */
  public void addAll(NgramCountTable other) {
    for (int j = 0; j < other.keyLo.length; j++) {
      if (other.keyLo[j] != 0) add(other.keyLo[j], other.keyHi[j], other.counts[j]);
    }
  }

  /** A new table holding only the entries with count >= {@code minCount}, sized for them. */
  public NgramCountTable retainingAtLeast(long minCount) {
    int kept = 0;
    for (int j = 0; j < keyLo.length; j++) if (keyLo[j] != 0 && counts[j] >= minCount) kept++;
    NgramCountTable out = new NgramCountTable(kept);
    for (int j = 0; j < keyLo.length; j++) {
      if (keyLo[j] != 0 && counts[j] >= minCount) out.insertFresh(keyLo[j], keyHi[j], counts[j]);
    }
    out.size = kept;
    return out;
  }

  /** Calls {@code consumer} once per key with its count. */
  public void forEach(PackedNgramConsumer consumer) {
    for (int j = 0; j < keyLo.length; j++) {
      if (keyLo[j] != 0) consumer.accept(keyLo[j], keyHi[j], counts[j]);
    }
  }

  /** Number of distinct keys. */
  public int size() {
    return size;
  }

  /** Number of slots (a power of two). */
  public int capacity() {
    return keyLo.length;
  }

  /** Bytes held by the three arrays (24 per slot), excluding object headers. */
  public long arrayBytes() {
    return 3L * Long.BYTES * keyLo.length;
  }
}
