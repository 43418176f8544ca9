package dev.scone.bench.serve;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.data.ModelVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The two bundles the serving bench compares: a SCONE bundle and a baseline bundle (no
 * f-grams) of the same model sizes. Taken from a store when it has such a pair (the newest of
 * each, e.g. from {@code scone train}), else published with random weights into a scratch store.
 *
 * @param store the store both are in
 * @param scone the SCONE bundle
 * @param baseline the baseline bundle
 * @param trained true when both came from the given store (trained), false when random
 * @param contextLength the models' context
 */
record BenchBundles(Path store, BundleRef scone, BundleRef baseline, boolean trained, int contextLength) {
  static final int GPT2_V = 50_257;

  /**
   * The newest same-size SCONE / baseline pair in {@code store}, if any (a baseline bundle's
   * table has exactly V rows: no f-grams). Reads manifests and configs only; the job verifies
   * the bundles when it opens them.
   */
  static Optional<BenchBundles> fromStore(Path store) throws IOException {
    BundleStore bundles = BundleStore.at(store);
    List<Long> versions = new ArrayList<>(bundles.list());
    versions.sort(Comparator.reverseOrder());
    List<BundleRef> refs = new ArrayList<>();
    List<ModelConfig> configs = new ArrayList<>();
    for (long v : versions) {
      refs.add(bundles.ref(v));
      configs.add(ModelConfig.read(bundles.directory(v).resolve("config.json")));
    }
    for (int s = 0; s < refs.size(); s++) {
      if (refs.get(s).rows() == GPT2_V) continue;
      for (int b = 0; b < refs.size(); b++) {
        if (refs.get(b).rows() == GPT2_V && sameSizes(configs.get(s), configs.get(b))) {
          return Optional.of(new BenchBundles(store, refs.get(s), refs.get(b), true, configs.get(s).contextLength()));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameSizes(ModelConfig a, ModelConfig b) {
    return a.layers() == b.layers() && a.dModel() == b.dModel() && a.heads() == b.heads()
        && a.mlpHidden() == b.mlpHidden() && a.contextLength() == b.contextLength();
  }

  /**
   * Publishes a random-weight pair into {@code store}: {@code scone train}'s default sizes (2
   * layers, d=128, 4 heads, context 128, maxN 5, a 1-layer f-gram model for SCONE), a model
   * vocabulary of the tokenizer ids below {@code keptTokens} plus UNK, and {@code fgrams}
   * f-grams cut from Zipf-random token text.
   */
  static BenchBundles random(Path store, int keptTokens, int fgrams, long seed) throws IOException {
    ModelVocabulary ids = new ModelVocabulary("gpt2", GPT2_V, 1, java.util.stream.IntStream.range(0, keptTokens).toArray());
    BundleRef scone = publish(store, ids, new ModelConfig(2, 128, 4, 512, 128, ids.size(), 0.0, 5, 1, seed),
        randomFgrams(new SplittableRandom(seed), keptTokens, fgrams), "random-scone");
    BundleRef baseline = publish(store, ids, new ModelConfig(2, 128, 4, 512, 128, ids.size(), 0.0, 5, 0, seed),
        FgramVocabulary.of(new FgramVocabulary.Meta("gpt2", GPT2_V, 5, 0), List.of(), new long[0]), "random-baseline");
    return new BenchBundles(store, scone, baseline, false, 128);
  }

  private static BundleRef publish(Path store, ModelVocabulary ids, ModelConfig config, FgramVocabulary vocab,
      String name) throws IOException {
    try (LanguageModel model = LanguageModel.create(config, Devices.preferred())) {
      return BundlePublisher.at(store).publish(BundleRequest.of(model, ids, name, vocab, EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false)));
    }
  }

  /** {@code count} distinct n-grams (2..5) cut from Zipf text over ids below {@code kept}; counts descending. */
  static FgramVocabulary randomFgrams(SplittableRandom random, int kept, int count) {
    int[] text = ZipfTokens.draw(random, kept, 5 * count);
    HashSet<List<Integer>> seen = new HashSet<>();
    List<int[]> grams = new ArrayList<>();
    for (int tries = 0; grams.size() < count && tries < 20 * count; tries++) {
      int n = 2 + random.nextInt(4);
      int from = random.nextInt(text.length - n);
      int[] g = Arrays.copyOfRange(text, from, from + n);
      if (seen.add(Arrays.stream(g).boxed().toList())) grams.add(g);
    }
    grams.sort(Comparator.<int[]>comparingInt(g -> g.length).thenComparing(Arrays::compare));
    long[] counts = new long[grams.size()];
    for (int i = 0; i < counts.length; i++) counts[i] = counts.length - i; // distinct, descending: rank order
    return FgramVocabulary.of(new FgramVocabulary.Meta("gpt2", GPT2_V, 5, 0), grams, counts);
  }
}
