package dev.scone.fgram.match;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Exact map from the keys of one n-gram length to f-gram ids: open addressing with linear
 * probing on a range of one {@link SlotMemory} that all lengths share (so that the batch loop
 * reads every table through one memory, addressed by long index), key and id side by side so that a hit reads one cache
 * line. The entry is as narrow as the key allows, in {@code stride} longs:
 * <ul>
 *   <li>1: {@code lo << idBits | id}, when the key fits beside the id (2-grams of GPT-2 tokens);
 *   <li>2: {@code [lo, hi << idBits | id]}, when the high word fits beside the id;
 *   <li>3: {@code [lo, hi, id]} otherwise.
 * </ul>
 * A key's {@code lo} is never 0, so a 0 in an entry's first long marks an empty slot.
 *
 * <p>Filled once during build, then read-only and safe for concurrent reads.
 */
final class LengthTable {
  /**
   * Used fraction of slots. At 0.5, 85% of lookups on real text found their key in its home
   * entry (the one read ahead; 80% at 0.7), and batch matching over 1 M f-grams ran ~15% faster
   * than at 0.7, for 27 instead of 20 bytes per f-gram.
   */
  private static final double MAX_LOAD = 0.5;

  final int stride;
  private final int idBits;
  private final long idMask;
  // The branch-free check of strides 1 and 2: the key's lo is slots[at] >>> loShift, its hi is
  // slots[at + stride - 1] >>> idBits & hiCheck (0 for stride 1, whose keys have hi == 0), and
  // the id is the low idBits of that same long.
  private final int loShift;
  private final long hiCheck;
  private final long capacity;
  /** Shared by all lengths; this table's entries are {@code slots[offset, end)}. */
  final SlotMemory slots;
  private final long offset;
  private final long end;

  /**
   * A table over {@code slots[offset, offset + longsNeeded(..))}, which must be zero.
   *
   * @param keys number of keys to hold
   * @param loBits bits used by the low key word
   * @param hiBits bits used by the high key word
   * @param idBits bits needed for the largest id
   */
  LengthTable(SlotMemory slots, long offset, int keys, int loBits, int hiBits, int idBits) {
    this.idBits = idBits;
    this.idMask = (1L << idBits) - 1;
    this.stride = stride(loBits, hiBits, idBits);
    this.loShift = stride == 1 ? idBits : 0;
    this.hiCheck = stride == 1 ? 0 : -1L;
    this.capacity = capacity(keys);
    this.slots = slots;
    this.offset = offset;
    this.end = offset + capacity * stride;
  }

  /** Longs that a table of {@code keys} keys of this shape takes. */
  static long longsNeeded(int keys, int loBits, int hiBits, int idBits) {
    return (long) capacity(keys) * stride(loBits, hiBits, idBits);
  }

  private static int stride(int loBits, int hiBits, int idBits) {
    return hiBits == 0 && loBits + idBits <= 64 ? 1 : hiBits + idBits <= 64 ? 2 : 3;
  }

  /** At most 2^32 - 2 (ids are ints), so {@link #home}'s 32 x 32-bit product cannot overflow. */
  private static long capacity(int keys) {
    return (long) Math.max(1, Math.ceil(keys / MAX_LOAD));
  }

  /** Stores {@code id} for the key unless it is already present (the first id wins). */
  void putIfAbsent(long lo, long hi, long hash, int id) {
    long at = home(hash);
    while (slots.get(at) != 0) {
      if (idAt(at, lo, hi) >= 0) return;
      at = next(at);
    }
    switch (stride) {
      case 1 -> slots.put(at, lo << idBits | id);
      case 2 -> {
        slots.put(at, lo);
        slots.put(at + 1, hi << idBits | id);
      }
      default -> {
        slots.put(at, lo);
        slots.put(at + 1, hi);
        slots.put(at + 2, id);
      }
    }
  }

  /** The id stored for {@code (lo, hi)}, or -1; {@code hash} is the key's filter hash. */
  int find(long lo, long hi, long hash) {
    return findFrom(home(hash), lo, hi);
  }

  /** {@link #find} from the key's {@link #home} entry {@code at}. */
  int findFrom(long at, long lo, long hi) {
    for (; slots.get(at) != 0; at = next(at)) {
      int id = idAt(at, lo, hi);
      if (id >= 0) return id;
    }
    return -1;
  }

  /** The id of the entry starting at {@code at} if its key is {@code (lo, hi)}, else -1. */
  int idAt(long at, long lo, long hi) {
    long address = slots.address(at); // the entry's longs are adjacent (SlotMemory's overlap)
    if (stride == 3) {
      return MemoryUtil.getLong(address) == lo && MemoryUtil.getLong(address + 8) == hi
          ? (int) MemoryUtil.getLong(address + 16) : -1;
    }
    long last = MemoryUtil.getLong(address + 8L * (stride - 1));
    boolean match = MemoryUtil.getLong(address) >>> loShift == lo & (last >>> idBits & hiCheck) == hi;
    return match ? (int) (last & idMask) : -1;
  }

  /**
   * Array index of the key's home entry: multiply-shift of a remix of the filter hash, so the
   * slot does not follow the filter word (both would otherwise come from the same top bits).
   */
  long home(long hash) {
    long mixed = hash * 0xD6E8FEB86659FD93L;
    return offset + (((mixed >>> 32) * capacity) >>> 32) * stride;
  }

  long byteSize() {
    return 8L * (end - offset);
  }

  private long next(long at) {
    long n = at + stride;
    return n == end ? offset : n;
  }
}
