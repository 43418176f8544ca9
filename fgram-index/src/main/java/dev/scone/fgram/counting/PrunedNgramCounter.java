package dev.scone.fgram.counting;

import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's pruned counting, one pass over the documents per length: pass 1 counts 2-grams and
 * keeps those seen at least {@code minCount} times; the pass for length {@code n + 1} counts an
 * (n+1)-gram only where its n-prefix and n-suffix both survived, then keeps those seen at least
 * {@code minCount} times. Stops early when a length has no survivor.
 *
 * <p>What it holds is exact: an n-gram occurring {@code c >= minCount} times has every
 * sub-n-gram occurring at least {@code c} times, so by induction both of its (n-1)-grams
 * survived and every one of its occurrences was counted. Hence the result is exactly the set of
 * n-grams whose exact count is {@code >= minCount}, each with its exact count, and nothing else.
 *
 * <p>Memory: only survivors plus the candidates of one length live at once ({@link
 * #peakArrayBytes}). Immutable after {@link #count}; safe to read from several threads.
 */
public final class PrunedNgramCounter implements NgramCountSource {

  /** One pass: how many distinct candidates it counted and how many survived. */
  public record Pass(int n, long candidates, long survivors, long occurrences) {}

  private final long minCount;
  private final NgramPacker packer;
  private final NgramCountTable survivors;
  private final List<Pass> passes;
  private final long peakArrayBytes;
  private final long positionsScanned;

  private PrunedNgramCounter(
      long minCount, NgramPacker packer, NgramCountTable survivors,
      List<Pass> passes, long peakArrayBytes, long positionsScanned) {
    this.minCount = minCount;
    this.packer = packer;
    this.survivors = survivors;
    this.passes = List.copyOf(passes);
    this.peakArrayBytes = peakArrayBytes;
    this.positionsScanned = positionsScanned;
  }

  /**
   * Counts the n-grams of length {@code 2..maxN} of {@code documents} with pruning at {@code
   * minCount}. {@code documents} is iterated once per length and must yield the same documents
   * each time.
   *
   * @throws IllegalArgumentException for {@code minCount < 1} or a token id outside {@code [0,
   *     vocabSize)}
   */
  public static PrunedNgramCounter count(Iterable<int[]> documents, int vocabSize, int maxN, long minCount) {
    if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
    NgramPacker packer = new NgramPacker(vocabSize, maxN);
    NgramCountTable survivors = new NgramCountTable(0);
    List<Pass> passes = new ArrayList<>();
    long peak = 0;
    long scanned = 0;
    for (int n = 2; n <= maxN; n++) {
      NgramCountTable candidates = new NgramCountTable(1024);
      long occurrences = 0;
      for (int[] doc : documents) {
        NgramCounter.checkTokens(doc, 0, doc.length, vocabSize);
        occurrences += countPass(packer, survivors, candidates, doc, n);
        scanned += Math.max(0, doc.length - n + 1);
      }
      NgramCountTable kept = candidates.retainingAtLeast(minCount);
      // Peak: survivors so far + this length's candidates + the filtered copy, all alive here.
      peak = Math.max(peak, survivors.arrayBytes() + candidates.arrayBytes() + kept.arrayBytes());
      passes.add(new Pass(n, candidates.size(), kept.size(), occurrences));
      candidates = null; // dropped before the survivors table grows
      survivors.addAll(kept);
      peak = Math.max(peak, survivors.arrayBytes() + kept.arrayBytes());
      if (kept.size() == 0) break;
    }
    return new PrunedNgramCounter(minCount, packer, survivors, passes, peak, scanned);
  }

  /**
   * Counts the n-grams of length {@code n} of one document whose (n-1)-prefix and
   * (n-1)-suffix are both survivors (every 2-gram when {@code n == 2}); returns how many
   * occurrences were counted.
   */
  private static long countPass(
      NgramPacker packer, NgramCountTable survivors, NgramCountTable candidates, int[] doc, int n) {
    long counted = 0;
    for (int i = 0; i + n <= doc.length; i++) {
      if (n > 2
          && !(survivors.contains(packer.lo(doc, i, n - 1), packer.hi(doc, i, n - 1))
              && survivors.contains(packer.lo(doc, i + 1, n - 1), packer.hi(doc, i + 1, n - 1)))) {
        continue;
      }
      candidates.add(packer.lo(doc, i, n), packer.hi(doc, i, n), 1);
      counted++;
    }
    return counted;
  }

  /** The exact count of a packed n-gram if it is {@code >= minCount}, else 0. */
  public long count(long lo, long hi) {
    return survivors.get(lo, hi);
  }

  /** The exact count of {@code ngram} if it is {@code >= minCount}, else 0. */
  public long count(int[] ngram) {
    return survivors.get(packer, ngram);
  }

  /** Exact counts of the n-grams that occur at least {@code minCount} times. */
  @Override
  public void forEach(PackedNgramConsumer consumer) {
    survivors.forEach(consumer);
  }

  /** Number of n-grams kept (all lengths). */
  public long size() {
    return survivors.size();
  }

  public long minCount() {
    return minCount;
  }

  /** One entry per pass run, in length order. */
  public List<Pass> passes() {
    return passes;
  }

  /** Bytes of the survivors table's arrays. */
  public long arrayBytes() {
    return survivors.arrayBytes();
  }

  /** The most table-array bytes alive at once during counting. */
  public long peakArrayBytes() {
    return peakArrayBytes;
  }

  /** N-gram positions examined over all passes (each is one probe or one count). */
  public long positionsScanned() {
    return positionsScanned;
  }

  @Override
  public NgramPacker packer() {
    return packer;
  }

  @Override
  public String toString() {
    return "PrunedNgramCounter[V=" + vocabSize() + ", maxN=" + maxN() + ", minCount=" + minCount
        + ", kept=" + size() + ", passes=" + passes + "]";
  }
}
