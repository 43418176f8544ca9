package dev.scone.fgram.match;

/**
 * The batch hot loop, in passes over blocks of {@link #BLOCK} positions so that the CPU can
 * overlap the memory reads of many positions (they have no dependencies between them):
 * <ol>
 *   <li>push each token into the rolling register, keep the register per position;
 *   <li>per length k (2..maxN), over the block: filter test of the length-k suffix; keep a
 *       bit per passing length (branch-free);
 *   <li>per position: the home entry of the longest candidate; then a pass that only reads
 *       those entries, so that the cache misses of the whole block overlap;
 *   <li>per position: check the (now cached) home entry and write the row; walk the probe
 *       sequence or fall back to shorter candidates only where it missed (displaced keys,
 *       filter false positives).
 * </ol>
 * Length-major order in pass 2 keeps each inner loop short and free of data-dependent branches.
 *
 * <p>Mutable scratch (about 6 KiB): one per batch call and thread, never shared.
 */
final class BlockMatch {
  static final int BLOCK = 256;

  private final FgramIndex index;
  private final long[] regLo = new long[BLOCK];
  private final long[] regHi = new long[BLOCK];
  private final long[] filterBlock = new long[BLOCK]; // the filter block of the position's last 2 tokens
  private final int[] candidates = new int[BLOCK]; // bit k set: length k passed the filter
  private final long[] entry = new long[BLOCK]; // slot index of the longest candidate's home entry
  private long touched; // keeps the touch pass's reads from being optimized away

  BlockMatch(FgramIndex index) {
    this.index = index;
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
      for (int k = 2; k <= keys.maxN; k++) {
        filterPass(k, Math.max(0, k - 1 - (base - from)), n); // a suffix needs k tokens of this document
      }
      addressPass(n);
      touchPass(n);
      resolvePass(tokens, base, n, out, offset + (base - from), lengths);
    }
  }

  private void filterPass(int k, int start, int n) {
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
   * false positive.
   */
  private long slowPath(int j, int k, int candidates, long lo, long hi) {
    int id = index.tables[k].findFrom(entry[j], lo, hi);
    if (id >= 0) return FgramIndex.encode(id, k);
    return index.longestAmong(candidates ^ 1 << k, regLo[j], regHi[j]);
  }

  private static int topBit(int bits) {
    return 31 - Integer.numberOfLeadingZeros(bits);
  }
}
