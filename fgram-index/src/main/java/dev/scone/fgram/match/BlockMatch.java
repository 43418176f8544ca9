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
 *   <li>per position: the home entry of the longest candidate; then a pass that only reads
 *       those entries, so that the cache misses of the whole block overlap;
 *   <li>per position: check the (now cached) home entry and write the row; walk the probe
 *       sequence or fall back to shorter candidates only where it missed (displaced keys,
 *       filter false positives).
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
      addressPass(n);
      touchPass(n);
      resolvePass(tokens, base, n, out, offset + (base - from), lengths);
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

  private void addressPass(int n) {
    LengthTable[] tables = index.tables;
    long[] loMask = index.keys.loMask;
    long[] hiMask = index.keys.hiMask;
    for (int j = 0; j < n; j++) {
      int k = topBit(candidates[j] | 1); // tables 0 and 1 are empty stand-ins
      entry[j] = tables[k].home(FgramIndex.hash(regLo[j] & loMask[k], regHi[j] & hiMask[k]));
    }
  }

  /**
   * Only reads the home entries: nothing waits on them here, so the cache misses of the whole
   * block are in flight together (this pass took the index from ~14 to ~25 M tokens/s).
   */
  private void touchPass(int n) {
    SlotMemory slots = index.tables[0].slots; // all lengths share it
    long sum = 0;
    for (int j = 0; j < n; j++) sum += slots.get(entry[j]);
    touched += sum;
  }

  private void resolvePass(int[] tokens, int base, int n, int[] out, int offset, boolean lengths) {
    int vocabSize = index.vocabSize;
    long[] loMask = index.keys.loMask;
    long[] hiMask = index.keys.hiMask;
    for (int j = 0; j < n; j++) {
      int c = candidates[j];
      long match = -1;
      if (c != 0) {
        int k = topBit(c);
        long lo = regLo[j] & loMask[k];
        long hi = regHi[j] & hiMask[k];
        int id = index.tables[k].idAt(entry[j], lo, hi);
        match = id >= 0 ? FgramIndex.encode(id, k) : slowPath(j, k, c, lo, hi);
      }
      out[offset + j] = FgramIndex.output(match, tokens[base + j], vocabSize, lengths);
    }
  }

  /**
   * At position {@code j}, the longest candidate {@code k} (key {@code (lo, hi)}) was not at its
   * home entry: it was displaced (its probe sequence starts in a cached line), or it is a filter
   * false positive. Then the shorter lengths: those that passed the filter, or, longest first
   * (which did not test them), every shorter length (all fit the document, since length k did).
   */
  private long slowPath(int j, int k, int candidates, long lo, long hi) {
    int id = index.tables[k].findFrom(entry[j], lo, hi);
    if (id >= 0) return FgramIndex.encode(id, k);
    return longestFirst
        ? index.longest(regLo[j], regHi[j], k - 1)
        : index.longestAmong(candidates ^ 1 << k, regLo[j], regHi[j]);
  }

  private static int topBit(int bits) {
    return 31 - Integer.numberOfLeadingZeros(bits);
  }
}
