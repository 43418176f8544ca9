package dev.scone.bench.scale;

import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A vocabulary of any size for systems benchmarks only: the real f-grams of a corpus (ids
 * {@code [0, real)}), padded with generated ones up to {@code size}. A generated f-gram is
 * computed from its id (a length in 2..maxN and uniform random tokens), so 100 M of them cost no
 * memory; they almost never occur in real text, so they make the index as large as the paper's
 * without changing which positions of the corpus match. Figures that use them say so
 * ({@code synthetic_fgrams}). A generated f-gram may repeat another; the index keeps the lowest id,
 * as for any vocabulary.
 */
public final class SyntheticFgrams implements FgramRows {
  private final FgramVocabulary real;
  private final int realCount;
  private final int size;
  private final long seed;

  /** The first {@code min(size, real.size())} real f-grams, then generated ones up to {@code size}. */
  public SyntheticFgrams(FgramVocabulary real, int size, long seed) {
    this.real = real;
    this.realCount = Math.min(size, real.size());
    this.size = size;
    this.seed = seed;
  }

  /** How many f-grams are real (the rest, {@code size() - realCount()}, are generated). */
  public int realCount() {
    return realCount;
  }

  @Override
  public int vocabSize() {
    return real.meta().vocabSize();
  }

  @Override
  public int maxN() {
    return real.meta().maxN();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int length(int id) {
    if (id < realCount) return real.length(id);
    return 2 + (int) ((mix(seed + id) >>> 33) % (maxN() - 1));
  }

  @Override
  public void tokens(int id, int[] out) {
    if (id < realCount) {
      for (int j = 0, k = real.length(id); j < k; j++) out[j] = real.token(id, j);
      return;
    }
    long state = seed * 0x9E3779B97F4A7C15L + id;
    for (int j = 0, k = length(id); j < k; j++) {
      state = mix(state + j + 1);
      out[j] = (int) ((state >>> 1) % vocabSize());
    }
  }

  /**
   * These f-grams as a {@link FgramVocabulary}, for code that needs one (precompute): the real
   * f-grams first (their counts raised by one, so they rank before every generated one), then the
   * generated ones with count 1 in rank order, dropping repeats of each other and of a real
   * f-gram, so it may hold a few fewer than {@link #size()}. Heap: about 40 bytes per f-gram while
   * it is built.
   */
  public FgramVocabulary toVocabulary() {
    List<int[]> ngrams = new ArrayList<>(size);
    Set<IntsKey> realKeys = new HashSet<>();
    for (int id = 0; id < realCount; id++) {
      int[] g = real.tokens(id);
      ngrams.add(g);
      realKeys.add(new IntsKey(g));
    }
    List<int[]> generated = new ArrayList<>(size - realCount);
    for (int id = realCount; id < size; id++) {
      int[] g = new int[length(id)];
      tokens(id, g);
      if (!realKeys.contains(new IntsKey(g))) generated.add(g);
    }
    generated.sort((a, b) -> a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compare(a, b));
    int[] previous = null;
    for (int[] g : generated) {
      if (previous == null || !Arrays.equals(previous, g)) ngrams.add(g);
      previous = g;
    }
    long[] counts = new long[ngrams.size()];
    for (int id = 0; id < counts.length; id++) counts[id] = id < realCount ? real.count(id) + 1 : 1;
    return FgramVocabulary.of(real.meta(), ngrams, counts);
  }

  private record IntsKey(int[] tokens) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IntsKey k && Arrays.equals(tokens, k.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }

  /** SplitMix64's finalizer: a well-mixed 64-bit value per input. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
