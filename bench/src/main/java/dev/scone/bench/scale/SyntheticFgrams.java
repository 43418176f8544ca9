package dev.scone.bench.scale;

import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.vocab.FgramVocabulary;

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

  /** SplitMix64's finalizer: a well-mixed 64-bit value per input. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
