package dev.scone.training.bundle;

import ai.djl.Device;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Tiny real models, vocabularies and token id maps for bundle tests: milliseconds each. */
final class BundleFixtures {
  static final String TOKENIZER = "tiny-test-tokenizer";
  /** Tokenizer vocabulary V. */
  static final int V = 120;
  /** Model vocabulary: 60 tokens seen in training plus one unknown id. */
  static final int M = 61;
  static final int D = 16;
  static final int MAX_N = 4;

  private BundleFixtures() {}

  /** 1 layer, d=16, 2 heads, a 1-layer f-gram model, maxN 4. */
  static ModelConfig config(long seed) {
    return new ModelConfig(1, D, 2, 32, 16, M, 0.0, MAX_N, 1, seed);
  }

  static LanguageModel model(long seed) {
    return LanguageModel.create(config(seed), Device.cpu());
  }

  /**
   * A compacted vocabulary: 60 random tokenizer ids get model ids 0..59 in increasing order,
   * every other tokenizer id maps to the unknown id 60, which maps back to tokenizer id 0.
   */
  static CompactedIds compactedIds(long seed) {
    Random random = new Random(seed);
    List<Integer> all = new ArrayList<>();
    for (int t = 0; t < V; t++) all.add(t);
    java.util.Collections.shuffle(all, random);
    int[] seen = all.subList(0, M - 1).stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] toModel = new int[V];
    Arrays.fill(toModel, M - 1);
    for (int m = 0; m < seen.length; m++) toModel[seen[m]] = m;
    int[] toTokenizer = Arrays.copyOf(seen, M);
    toTokenizer[M - 1] = 0;
    return new CompactedIds(toModel, toTokenizer);
  }

  /** A brute-force compacted map, written independently of the bundle's own array map. */
  record CompactedIds(int[] toModelIds, int[] toTokenizerIds) implements TokenIdMap {
    @Override
    public int tokenizerVocabSize() {
      return toModelIds.length;
    }

    @Override
    public int modelVocabSize() {
      return toTokenizerIds.length;
    }

    @Override
    public int toModel(int tokenizerId) {
      return toModelIds[tokenizerId];
    }

    @Override
    public int toTokenizer(int modelId) {
      return toTokenizerIds[modelId];
    }
  }

  /** {@code size} distinct random f-grams (length 2..maxN) with random counts, in rank order. */
  static FgramVocabulary vocabulary(Random random, int size, long version) {
    return vocabulary(randomFgrams(random, size), random, version);
  }

  static List<int[]> randomFgrams(Random random, int size) {
    Set<List<Integer>> seen = new HashSet<>();
    List<int[]> out = new ArrayList<>();
    while (out.size() < size) {
      int[] g = random.ints(2 + random.nextInt(MAX_N - 1), 0, V).toArray();
      if (seen.add(Arrays.stream(g).boxed().toList())) out.add(g);
    }
    return out;
  }

  /** The given distinct f-grams with random counts, sorted into rank order. */
  static FgramVocabulary vocabulary(List<int[]> fgrams, Random random, long version) {
    List<long[]> ranked = new ArrayList<>(); // [count, index]
    for (int i = 0; i < fgrams.size(); i++) ranked.add(new long[] {1 + random.nextInt(50), i});
    ranked.sort((a, b) -> FgramVocabulary.compareRank(
        a[0], fgrams.get((int) a[1]), b[0], fgrams.get((int) b[1])));
    List<int[]> ngrams = new ArrayList<>();
    long[] counts = new long[ranked.size()];
    for (int i = 0; i < ranked.size(); i++) {
      counts[i] = ranked.get(i)[0];
      ngrams.add(fgrams.get((int) ranked.get(i)[1]));
    }
    return FgramVocabulary.of(new FgramVocabulary.Meta(TOKENIZER, V, MAX_N, version), ngrams, counts);
  }

  /** Every f-gram of {@code vocab} in id order, tokens mapped to model ids. */
  static List<int[]> modelFgrams(FgramVocabulary vocab, TokenIdMap ids) {
    List<int[]> out = new ArrayList<>();
    for (int id = 0; id < vocab.size(); id++) {
      int[] g = vocab.tokens(id);
      for (int j = 0; j < g.length; j++) g[j] = ids.toModel(g[j]);
      out.add(g);
    }
    return out;
  }
}
