package dev.scone.bench.scale;

import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A vocabulary of any size for systems benchmarks only: the real f-grams of a corpus, padded with
 * generated ones up to {@code size}. Where the real ones sit is the {@link Layout}: first (ids
 * {@code [0, real)}, as a published table's count order puts them) or spread evenly over all ids
 * (so a table's hot rows are scattered over the whole file, one page each). A generated f-gram is
 * computed from its id (a length in 2..maxN and uniform random tokens), so 100 M of them cost no
 * memory; they almost never occur in real text, so they make the index as large as the paper's
 * without changing which positions of the corpus match. Figures that use them say so
 * ({@code synthetic_fgrams}). A generated f-gram may repeat another; the index keeps the lowest id,
 * as for any vocabulary (scattered, a generated repeat of a real f-gram at a lower id takes its
 * place: a few in a hundred of the real bigrams at 100 M, which only moves which row they read).
 */
public final class SyntheticFgrams implements FgramRows {
  /** Where the real f-grams' ids lie among the generated ones. */
  public enum Layout {
    /** Ids {@code [0, real)}: the real f-grams first, as count order puts them. */
    FRONT("front"),
    /** Real f-gram {@code k} at id {@code k * (size / real)}: evenly spread over every id. */
    SCATTERED("scattered");

    private final String label;

    Layout(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The layout of {@code label}. */
    public static Layout of(String label) {
      for (Layout l : values()) if (l.label.equals(label)) return l;
      throw new IllegalArgumentException("no layout " + label + "; one of front, scattered");
    }
  }

  private final FgramVocabulary real;
  private final int realCount;
  private final int size;
  private final long seed;
  private final int stride;

  /** The first {@code min(size, real.size())} real f-grams, then generated ones up to {@code size}. */
  public SyntheticFgrams(FgramVocabulary real, int size, long seed) {
    this(real, size, seed, Layout.FRONT);
  }

  /** {@code min(size, real.size())} real f-grams laid out as {@code layout} says, generated ones elsewhere. */
  public SyntheticFgrams(FgramVocabulary real, int size, long seed, Layout layout) {
    this.real = real;
    this.realCount = Math.min(size, real.size());
    this.size = size;
    this.seed = seed;
    this.stride = layout == Layout.FRONT || realCount == 0 ? 1 : size / realCount;
  }

  /** The id of real f-gram {@code k}. */
  public int idOfReal(int k) {
    return k * stride;
  }

  /** The real f-gram at {@code id}, or -1 where a generated one is. */
  private int realAt(int id) {
    if (id % stride != 0) return -1;
    int k = id / stride;
    return k < realCount ? k : -1;
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
    int k = realAt(id);
    if (k >= 0) return real.length(k);
    return 2 + (int) ((mix(seed + id) >>> 33) % (maxN() - 1));
  }

  @Override
  public void tokens(int id, int[] out) {
    int r = realAt(id);
    if (r >= 0) {
      for (int j = 0, n = real.length(r); j < n; j++) out[j] = real.token(r, j);
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
   * it is built. Count order puts the real f-grams first whatever the layout.
   */
  public FgramVocabulary toVocabulary() {
    List<int[]> ngrams = new ArrayList<>(size);
    Set<IntsKey> realKeys = new HashSet<>();
    for (int k = 0; k < realCount; k++) {
      int[] g = real.tokens(k);
      ngrams.add(g);
      realKeys.add(new IntsKey(g));
    }
    List<int[]> generated = new ArrayList<>(size - realCount);
    for (int id = 0; id < size; id++) {
      if (realAt(id) >= 0) continue;
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
