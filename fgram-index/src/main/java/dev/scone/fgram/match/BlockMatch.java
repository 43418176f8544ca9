package dev.scone.fgram.match;

/**
 * The batch hot loop, in passes over blocks of {@link #BLOCK} positions so that the CPU can
 * overlap the memory reads of many positions (they have no dependencies between them):
 * <ol>
 *   <li>push each token into the rolling register, keep the register per position;
 *   <li>the filter test of each length's suffix, length-major, in one of two orders ({@link
 *       FilterProbing}): every length 2..maxN at every position (a bit per passing length,
 *       branch-free), or longest first, maxN..2, over the positions that no longer length has
 *       passed yet (a position whose suffix passes leaves the list: branch-free compaction);
 *   <li>per position with a candidate: the home entry of the longest one; then a pass that only
 *       reads those entries, so that the cache misses of the whole block overlap;
 *   <li>per such position: check the (now cached) home entry, walking the probe sequence where the
 *       key was displaced, and write the row; where the candidate was a filter false positive, the
 *       position moves on to its next shorter candidate and passes 3-4 run again for all such
 *       positions together, until none is left.
 * </ol>
 * Length-major order in pass 2 keeps each inner loop short and free of data-dependent branches.
 *
 * <p>Mutable scratch (about 7 KiB): one per batch call and thread, never shared.
 */
final class BlockMatch {
  static final int BLOCK = 256;

  private final FgramIndex index;
  private final boolean longestFirst;
  private final long[] regLo = new long[BLOCK];
  private final long[] regHi = new long[BLOCK];
  private final long[] filterBlock = new long[BLOCK]; // the filter block of the position's last 2 tokens
  private final int[] candidates = new int[BLOCK]; // bit k set: length k passed the filter
  private final int[] pending = new int[BLOCK]; // positions no length has passed yet, in order
  private final long[] entry = new long[BLOCK]; // slot index of the longest candidate's home entry
  private final int[] active = new int[BLOCK]; // positions whose candidate is still to be read in its table
  private long touched; // keeps the touch pass's reads from being optimized away

  BlockMatch(FgramIndex index, FilterProbing probing) {
    this.index = index;
    this.longestFirst = probing == FilterProbing.LONGEST_FIRST;
  }

  /** Rows (or matched lengths) of the document {@code tokens[from, to)} into {@code out[offset ..]}. */
  void run(int[] tokens, int from, int to, int[] out, int offset, boolean lengths) {
    long lo = 0;
    long hi = 0;
    SuffixKeys keys = index.keys;
    for (int base = from; base < to; base += BLOCK) {
      int n = Math.min(BLOCK, to - base);
      for (int j = 0; j < n; j++) {
        int token = index.checkToken(tokens[base + j], base + j);
        hi = keys.pushHi(lo, hi);
        lo = keys.pushLo(lo, token);
        regLo[j] = lo;
        regHi[j] = hi;
        filterBlock[j] = index.filter.block(FgramIndex.hash(lo & keys.loMask[2], 0));
        candidates[j] = 0;
      }
      // a suffix needs k tokens of this document: positions below k - 1 - (base - from) sit out
      if (longestFirst) {
        int waiting = 0;
        for (int j = 0; j < n; j++) pending[waiting++] = j;
        for (int k = keys.maxN; k >= 2 && waiting > 0; k--) waiting = waitingPass(k, k - 1 - (base - from), waiting, n);
      } else {
        for (int k = 2; k <= keys.maxN; k++) densePass(k, Math.max(0, k - 1 - (base - from)), n);
      }
      int live = 0;
      for (int j = 0; j < n; j++) {
        if (candidates[j] != 0) {
          active[live++] = j;
        } else {
          out[offset + (base - from) + j] = FgramIndex.output(-1, tokens[base + j], index.vocabSize, lengths);
        }
      }
      while (live > 0) { // each round: the table entries of every position still waiting, misses overlapped
        addressPass(live);
        touchPass(live);
        live = resolvePass(tokens, base, live, out, offset + (base - from), lengths);
      }
    }
  }

  /** Tests the length-k suffix of every position from {@code start} on; a passing one gets bit k. */
  private void densePass(int k, int start, int n) {
    long loMask = index.keys.loMask[k];
    long hiMask = index.keys.hiMask[k];
    BlockedBloomFilter filter = index.filter;
    if (hiMask == 0) { // one-word keys: skip the high word (a separate loop keeps both tight)
      for (int j = start; j < n; j++) {
        candidates[j] |= filter.passBit(filterBlock[j], FgramIndex.hash(regLo[j] & loMask, 0)) << k;
      }
    } else {
      for (int j = start; j < n; j++) {
        candidates[j] |= filter.passBit(filterBlock[j], FgramIndex.hash(regLo[j] & loMask, regHi[j] & hiMask)) << k;
      }
    }
  }

  /**
   * Longest first: tests the length-k suffix of the positions still waiting (the first {@code
   * waiting} of {@link #pending}); those that pass get bit k and leave the list. While most of the
   * block's {@code n} positions wait, it is a {@link #densePass} from {@code first} (positions
   * before it have no length-k suffix in this document) and a pass that rebuilds the list (a
   * finished position then gets a bit below its longest, which is never read): measured faster
   * than the indirection. The list pass tests such early positions too: their register's empty
   * slots make a key no f-gram has, which at worst passes the filter falsely.
   *
   * @return how many positions are still waiting
   */
  private int waitingPass(int k, int first, int waiting, int n) {
    int kept = 0;
    if (2 * waiting > n) {
      densePass(k, Math.max(0, first), n);
      for (int j = 0; j < n; j++) {
        pending[kept] = j;
        kept += (candidates[j] - 1) >>> 31; // 1 while no length has passed
      }
      return kept;
    }
    long loMask = index.keys.loMask[k];
    long hiMask = index.keys.hiMask[k];
    BlockedBloomFilter filter = index.filter;
    for (int p = 0; p < waiting; p++) {
      int j = pending[p];
      int pass = filter.passBit(filterBlock[j], FgramIndex.hash(regLo[j] & loMask, regHi[j] & hiMask));
      candidates[j] |= pass << k;
      pending[kept] = j;
      kept += pass ^ 1;
    }
    return kept;
  }

  /** The home entry of each active position's longest remaining candidate. */
  private void addressPass(int live) {
    LengthTable[] tables = index.tables;
    long[] loMask = index.keys.loMask;
    long[] hiMask = index.keys.hiMask;
    for (int p = 0; p < live; p++) {
      int j = active[p];
      int k = topBit(candidates[j]);
      entry[j] = tables[k].home(FgramIndex.hash(regLo[j] & loMask[k], regHi[j] & hiMask[k]));
    }
  }

  /**
   * Only reads the home entries: nothing waits on them here, so the cache misses of the whole
   * block are in flight together (this pass took the index from ~14 to ~25 M tokens/s).
   */
  private void touchPass(int live) {
    SlotMemory slots = index.tables[0].slots; // all lengths share it
    long sum = 0;
    for (int p = 0; p < live; p++) sum += slots.get(entry[active[p]]);
    touched += sum;
  }

  /**
   * Checks each active position's candidate at its (now cached) home entry, walking the probe
   * sequence where the key was displaced. A found one writes the row. A missing one (a filter false
   * positive) moves the position on to its next shorter candidate and keeps it active for the next
   * round, so that the table reads of all such positions overlap too; a position with no candidate
   * left writes its token. Before, it tried the shorter lengths on the spot, one dependent miss
   * after another: on text whose n-grams are mostly not in a large F, whose hot two-token endings
   * fill their filter pages, that serial walk was most of the time.
   *
   * @return how many positions stay active, moved to the front of {@link #active}
   */
  private int resolvePass(int[] tokens, int base, int live, int[] out, int offset, boolean lengths) {
    int vocabSize = index.vocabSize;
    long[] loMask = index.keys.loMask;
    long[] hiMask = index.keys.hiMask;
    int kept = 0;
    for (int p = 0; p < live; p++) {
      int j = active[p];
      int k = topBit(candidates[j]);
      long lo = regLo[j] & loMask[k];
      long hi = regHi[j] & hiMask[k];
      LengthTable table = index.tables[k];
      int id = table.idAt(entry[j], lo, hi);
      if (id < 0) id = table.findFrom(entry[j], lo, hi);
      if (id >= 0) {
        out[offset + j] = FgramIndex.output(FgramIndex.encode(id, k), tokens[base + j], vocabSize, lengths);
        continue;
      }
      candidates[j] = longestFirst ? nextPassing(j, k - 1) : candidates[j] ^ 1 << k;
      if (candidates[j] != 0) {
        active[kept++] = j;
      } else {
        out[offset + j] = FgramIndex.output(-1, tokens[base + j], vocabSize, lengths);
      }
    }
    return kept;
  }

  /**
   * Longest first, after a miss: the bit of the longest length from {@code k} down to 2 whose suffix
   * passes the filter (the lengths below the missed one were never tested), or 0. The position's
   * filter page was read moments ago, so these tests stay in the caches.
   */
  private int nextPassing(int j, int k) {
    for (; k >= 2; k--) {
      long hash = FgramIndex.hash(regLo[j] & index.keys.loMask[k], regHi[j] & index.keys.hiMask[k]);
      if (index.filter.passBit(filterBlock[j], hash) != 0) return 1 << k;
    }
    return 0;
  }

  private static int topBit(int bits) {
    return 31 - Integer.numberOfLeadingZeros(bits);
  }
}
