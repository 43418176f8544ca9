package dev.scone.fgram.counting;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedKeyIndex;
import dev.scone.fgram.ngram.PackedNgramConsumer;

/**
 * Bounded-memory heavy hitters of an unbounded stream of weighted n-grams: Space-Saving
 * (Metwally, Agrawal, El Abbadi 2005) with {@code m} counters on primitive arrays, a binary
 * min-heap on the counts and a {@link PackedKeyIndex} from packed n-gram to counter.
 *
 * <p><b>Guarantees</b>, with {@code N} = {@link #totalWeight} and {@code m} = {@link #capacity}:
 * <ul>
 *   <li>every monitored n-gram's estimate {@link #count} satisfies {@code true <= estimate <=
 *       true + error(x)} with {@code error(x) <= errorBound() <= N / m};
 *   <li>every n-gram not monitored has a true count {@code <= errorBound() <= N / m}, so every
 *       n-gram with true count {@code > N / m} is monitored;
 *   <li>both hold after {@link #merge}: merging summaries of streams of weights {@code N1} and
 *       {@code N2} gives per-item errors {@code <= N1/m + N2/m}.
 * </ul>
 * {@code errorBound()} is 0 while counters remain unused (counts are then exact); afterwards it
 * is at most the smallest count, and an eviction raises it to the evicted count (the weight the
 * newcomer may have had unseen).
 *
 * <p>Cost: {@code offer} is {@code O(log m)} (one expected-constant hash probe plus a heap sift);
 * {@code merge} is {@code O(m log m)}; memory is 80-120 bytes per counter ({@link #arrayBytes}).
 * Not thread-safe: one summary per worker, combined with {@link #merge}. Serializable with {@link
 * #toBytes} / {@link #fromBytes} (versioned, checksummed, validated).
 */
public final class SpaceSavingSummary implements NgramCountSource {
  final NgramPacker packer;
  final int capacity;
  // Counter arrays, indexed by slot in [0, size).
  long[] keyLo;
  long[] keyHi;
  long[] counts;
  long[] errors;
  int size;
  long totalWeight;
  long floor; // errorBound(): upper bound on any unmonitored item's true count and on error(x)
  private SlotHeap heap;
  private PackedKeyIndex index;

  /** An empty summary with {@code capacity} counters for n-grams of length up to {@code maxN}. */
  public SpaceSavingSummary(int vocabSize, int maxN, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    this.packer = new NgramPacker(vocabSize, maxN);
    this.capacity = capacity;
    reset(new long[capacity], new long[capacity], new long[capacity], new long[capacity], 0);
  }

  /** Installs counters {@code [0, size)} of the given arrays and rebuilds heap and index. */
  void reset(long[] lo, long[] hi, long[] cnt, long[] err, int size) {
    this.keyLo = lo;
    this.keyHi = hi;
    this.counts = cnt;
    this.errors = err;
    this.size = size;
    this.index = new PackedKeyIndex(capacity);
    for (int s = 0; s < size; s++) index.put(lo[s], hi[s], s);
    this.heap = new SlotHeap(capacity, cnt);
    for (int s = 0; s < size; s++) heap.add(s);
  }

  /**
   * Offers {@code weight} occurrences of the packed n-gram {@code (lo, hi)}.
   *
   * @throws IllegalArgumentException for {@code weight < 1} or an empty key ({@code lo == 0})
   */
  public void offer(long lo, long hi, long weight) {
    if (weight < 1) throw new IllegalArgumentException("weight must be >= 1, got " + weight);
    if (lo == 0) throw new IllegalArgumentException("packed n-gram has lo == 0 (empty); expected length >= 1");
    totalWeight = Math.addExact(totalWeight, weight);
    int s = index.get(lo, hi);
    if (s >= 0) {
      counts[s] += weight;
      heap.increased(s);
    } else if (size < capacity) {
      s = size++;
      keyLo[s] = lo;
      keyHi[s] = hi;
      counts[s] = weight;
      errors[s] = 0;
      index.put(lo, hi, s);
      heap.add(s);
    } else {
      // Evict the smallest counter: the newcomer may have occurred up to `min` times unseen.
      s = heap.min();
      long min = counts[s];
      index.remove(keyLo[s], keyHi[s]);
      floor = Math.max(floor, min);
      keyLo[s] = lo;
      keyHi[s] = hi;
      counts[s] = min + weight;
      errors[s] = min;
      index.put(lo, hi, s);
      heap.increased(s);
    }
  }

  /** Offers {@code tokens[start .. start+n)} with {@code weight}. */
  public void offer(int[] tokens, int start, int n, long weight) {
    if (n < 1 || n > packer.maxN()) {
      throw new IllegalArgumentException("n-gram length " + n + " is outside 1.." + packer.maxN());
    }
    NgramCounter.checkTokens(tokens, start, start + n, vocabSize());
    offer(packer.lo(tokens, start, n), packer.hi(tokens, start, n), weight);
  }

  /**
   * Offers every n-gram of {@code source} with its count as weight: the way to feed locally
   * pre-aggregated counts (an {@link NgramCounter} over a batch of documents).
   */
  public void offerAll(NgramCountSource source) {
    if (source.vocabSize() != vocabSize() || source.maxN() > packer.maxN()) {
      throw new IllegalArgumentException(
          "source has V=" + source.vocabSize() + ", maxN=" + source.maxN() + "; this summary expects V="
              + vocabSize() + ", maxN <= " + packer.maxN());
    }
    source.forEach(this::offer);
  }

  /** The estimate of a monitored n-gram (an overestimate by at most {@link #error}), else 0. */
  public long count(long lo, long hi) {
    int s = index.get(lo, hi);
    return s < 0 ? 0 : counts[s];
  }

  /** How much {@link #count} may overestimate a monitored n-gram; {@link #errorBound} if unmonitored. */
  public long error(long lo, long hi) {
    int s = index.get(lo, hi);
    return s < 0 ? floor : errors[s];
  }

  /** Whether {@code (lo, hi)} holds a counter. */
  public boolean isMonitored(long lo, long hi) {
    return index.get(lo, hi) >= 0;
  }

  /** The counter slot of {@code (lo, hi)}, or -1. */
  int slotOf(long lo, long hi) {
    return index.get(lo, hi);
  }

  /** Bytes of all arrays: 32 per counter, 8 for the heap, 20 per index slot (2-4 per counter). */
  public long arrayBytes() {
    return 4L * Long.BYTES * capacity + 2L * Integer.BYTES * capacity + index.arrayBytes();
  }

  /** The largest overestimate of any counter and the largest true count of any unmonitored item; {@code <= N / m}. */
  public long errorBound() {
    return floor;
  }

  /** N: the total weight offered (merged summaries: the sum). */
  public long totalWeight() {
    return totalWeight;
  }

  /** m: the number of counters. */
  public int capacity() {
    return capacity;
  }

  /** Number of counters in use. */
  public int size() {
    return size;
  }

  /** Estimates of the monitored n-grams (each {@code >= } its true count). */
  @Override
  public void forEach(PackedNgramConsumer consumer) {
    for (int s = 0; s < size; s++) consumer.accept(keyLo[s], keyHi[s], counts[s]);
  }

  /**
   * A view of the monitored n-grams with their guaranteed counts, {@code estimate - error}, each
   * at most the true count (n-grams guaranteed 0 are left out). Selecting from this view rather
   * than from the estimates keeps n-grams whose estimate is mostly inherited error out of F. The
   * view reads this summary live; do not offer while iterating it.
   */
  public NgramCountSource guaranteedCounts() {
    SpaceSavingSummary self = this;
    return new NgramCountSource() {
      @Override
      public NgramPacker packer() {
        return self.packer;
      }

      @Override
      public void forEach(PackedNgramConsumer consumer) {
        for (int s = 0; s < self.size; s++) {
          long guaranteed = self.counts[s] - self.errors[s];
          if (guaranteed > 0) consumer.accept(self.keyLo[s], self.keyHi[s], guaranteed);
        }
      }
    };
  }

  /**
   * Adds {@code other}'s stream into this summary (mergeable summaries): each n-gram in either
   * gets the sum of its two estimates, an absent side contributing that side's error bound; the
   * {@code m} largest are kept. The new error bound is the larger of the two bounds' sum and the
   * largest estimate dropped, which is at most {@code (N1 + N2) / m}.
   *
   * @throws IllegalArgumentException when capacity, vocabulary size or maxN differ
   */
  public void merge(SpaceSavingSummary other) {
    SpaceSavingMerge.into(this, other);
  }

  /** The summary as versioned, checksummed bytes (for Flink state or files). */
  public byte[] toBytes() {
    return SpaceSavingCodec.encode(this);
  }

  /**
   * Reads {@link #toBytes}'s output.
   *
   * @throws IllegalArgumentException naming what is wrong when the bytes are not a valid summary
   */
  public static SpaceSavingSummary fromBytes(byte[] bytes) {
    return SpaceSavingCodec.decode(bytes);
  }

  /** Same shape, totals, bound and the same n-grams with the same counts and errors. */
  public boolean sameContent(SpaceSavingSummary o) {
    if (o.vocabSize() != vocabSize() || o.maxN() != maxN() || o.capacity != capacity || o.size != size
        || o.totalWeight != totalWeight || o.floor != floor) {
      return false;
    }
    for (int s = 0; s < size; s++) {
      int t = o.index.get(keyLo[s], keyHi[s]);
      if (t < 0 || o.counts[t] != counts[s] || o.errors[t] != errors[s]) return false;
    }
    return true;
  }

  @Override
  public NgramPacker packer() {
    return packer;
  }

  @Override
  public String toString() {
    return "SpaceSavingSummary[m=" + capacity + ", used=" + size + ", N=" + totalWeight
        + ", errorBound=" + floor + "]";
  }
}
