package dev.scone.fgram.match;

import dev.scone.fgram.files.PageAdvice;

/**
 * The lookup structures behind {@link FgramMatcher}: the key layout ({@link SuffixKeys}), one
 * {@link BlockedBloomFilter} over all f-grams, and one exact {@link LengthTable} per length, all
 * in one {@link SlotMemory} laid out by an {@link IndexLayout} (native memory when built at load,
 * a mapped file when written at publish time). Also the one-position-at-a-time longest match, used by
 * {@link IncrementalMatch} and short documents.
 *
 * <p>A match is passed around as one long, {@link #encode}d as {@code (id << 8) | length}, or -1.
 *
 * <p>Immutable once built; safe for concurrent reads.
 */
final class FgramIndex {
  final int vocabSize;
  final int maxN;
  final int size;
  final IndexLayout layout;
  final SuffixKeys keys;
  final BlockedBloomFilter filter;
  /** Index k in [0, maxN]; 0 and 1 are empty stand-ins so that lookups need no branch. */
  final LengthTable[] tables;
  private final SlotMemory memory;

  /**
   * The index laid out as {@code layout} in {@code memory} (empty while building, else filled),
   * which must hold the layout's longs (or, for a writer's window, the region it builds).
   */
  FgramIndex(IndexLayout layout, SlotMemory memory) {
    this.layout = layout;
    this.memory = memory;
    this.vocabSize = layout.vocabSize();
    this.maxN = layout.maxN();
    this.size = layout.size();
    this.keys = layout.keys();
    this.filter = new BlockedBloomFilter(memory, layout.filterLog());
    this.tables = new LengthTable[maxN + 1];
    for (int k = 0; k <= maxN; k++) {
      tables[k] = new LengthTable(memory, layout.tableOffset(keys, k), layout.perLength()[k],
          Long.bitCount(keys.loMask[k]), Long.bitCount(keys.hiMask[k]), layout.idBits());
    }
  }

  /** Advises every page of the index (filter and tables) where it is a mapped file. */
  boolean advise(PageAdvice.Advice advice) {
    return memory.advise(0, layout.totalLongs(), advice);
  }

  /** Advises the exact tables' pages (not the filter's) where they are a mapped file. */
  boolean adviseTables(PageAdvice.Advice advice) {
    return memory.advise(layout.filterLongs(), layout.totalLongs() - layout.filterLongs(), advice);
  }

  /** Builds the index of {@code rows} in zeroed {@code memory} laid out as {@code layout}; O(|F|). */
  static FgramIndex build(FgramRows rows, IndexLayout layout, SlotMemory memory) {
    if (memory.longs < layout.totalLongs()) {
      throw new IllegalArgumentException(memory.longs + " longs of memory for a layout of " + layout.totalLongs());
    }
    FgramIndex index = new FgramIndex(layout, memory);
    index.insert(rows, true, ALL_LENGTHS);
    return index;
  }

  /** {@link #insert}'s {@code length} for every table. */
  static final int ALL_LENGTHS = -1;

  /**
   * Adds the f-grams of {@code rows} to the filter (when {@code intoFilter}) and to the table of
   * {@code length} ({@link #ALL_LENGTHS}: every table; 0: none), touching only those regions.
   */
  void insert(FgramRows rows, boolean intoFilter, int length) {
    int[] gram = new int[maxN];
    for (int id = 0; id < size; id++) { // rank order: frequent f-grams take their home entries first
      int k = rows.length(id);
      if (k < 2 || k > maxN) throw new IllegalArgumentException("f-gram " + id + " has length " + k);
      boolean intoTable = length == ALL_LENGTHS || length == k;
      if (!intoFilter && !intoTable) continue;
      rows.tokens(id, gram);
      for (int j = 0; j < k; j++) checkToken(gram[j], j);
      long lo = keys.lo(gram, 0, k);
      long hi = keys.hi(gram, 0, k);
      long hash = hash(lo, hi);
      if (intoFilter) filter.add(filter.block(hash(lo & keys.loMask[2], 0)), hash);
      if (intoTable) tables[k].putIfAbsent(lo, hi, hash, id);
    }
  }

  /** Builds the index of {@code rows} in native memory (off the heap). */
  static FgramIndex build(FgramRows rows) {
    IndexLayout layout = IndexLayout.of(rows);
    return build(rows, layout, SlotMemory.allocate(layout.totalLongs()));
  }

  /** Memory held by the filter and tables, in bytes. */
  long byteSize() {
    long bytes = filter.byteSize();
    for (LengthTable table : tables) bytes += table.byteSize();
    return bytes;
  }

  /** The id of {@code tokens[start .. start+length)} ({@code 2 <= length <= maxN}, tokens valid), or -1. */
  int idOf(int[] tokens, int start, int length) {
    long lo = keys.lo(tokens, start, length);
    long hi = keys.hi(tokens, start, length);
    return tables[length].find(lo, hi, hash(lo, hi));
  }

  /**
   * The longest f-gram among the last {@code avail} (<= maxN) tokens packed in {@code (lo, hi)},
   * or -1 when none of lengths 2..avail is in F.
   */
  long longest(long lo, long hi, int avail) {
    int candidates = 0;
    long block = filter.block(hash(lo & keys.loMask[2], 0)); // every suffix ends in the same 2 tokens
    for (int k = 2; k <= avail; k++) {
      candidates |= filter.mightContain(block, hash(lo & keys.loMask[k], hi & keys.hiMask[k])) ? 1 << k : 0;
    }
    return longestAmong(candidates, lo, hi);
  }

  /** The longest f-gram among the lengths whose bit is set in {@code candidates}, or -1. */
  long longestAmong(int candidates, long lo, long hi) {
    while (candidates != 0) {
      int k = 31 - Integer.numberOfLeadingZeros(candidates);
      long kl = lo & keys.loMask[k];
      long kh = hi & keys.hiMask[k];
      int id = tables[k].find(kl, kh, hash(kl, kh));
      if (id >= 0) return encode(id, k);
      candidates ^= 1 << k;
    }
    return -1;
  }

  static long encode(int id, int length) {
    return ((long) id << 8) | length;
  }

  /** What a batch call writes for a position: its row, or its matched length (0 if none). */
  static int output(long match, int token, int vocabSize, boolean lengths) {
    if (lengths) return match < 0 ? 0 : (int) (match & 0xFF);
    return match < 0 ? token : vocabSize + (int) (match >>> 8);
  }

  /**
   * The filter hash of a key: one multiply for one-word keys (the high word is then 0). Its top
   * bits pick the filter word; {@link LengthTable#home} remixes it for the table.
   */
  static long hash(long lo, long hi) {
    return (lo ^ (hi * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
  }

  /** The token itself, after checking it lies in {@code [0, vocabSize)}. */
  int checkToken(int token, long position) {
    if (token < 0 || token >= vocabSize) {
      throw new IllegalArgumentException(
          "token " + token + " at position " + position + " is outside [0, " + vocabSize + ")");
    }
    return token;
  }
}
