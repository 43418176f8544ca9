package dev.scone.testing;

import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.bundle.SampleBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny real SCONE bundles for the re-scoring and CLI tests: a {@link SampleBundle} with max_n 4,
 * the sample texts' {@code fgrams} most frequent 2..4-grams, model_version {@code "tiny-" + seed}.
 */
public final class TinyBundles {
  public static final int D = SampleBundle.D_MODEL;
  public static final int CONTEXT = 32;
  public static final int MAX_N = 4;

  private TinyBundles() {}

  /** A published bundle: its store root, version and directory. */
  public record Published(Path store, long version, Path directory, String modelVersion) {}

  /** Publishes a tiny bundle into the store at {@code storeRoot}, seeded by {@code seed}. */
  public static Published publish(Path storeRoot, List<String> sampleTexts, int fgrams, long seed) throws IOException {
    String modelVersion = "tiny-" + seed;
    BundleRef ref = SampleBundle.of(sampleTexts).contextLength(CONTEXT).maxN(MAX_N).fgrams(fgrams).minCount(1)
        .seed(seed).modelVersion(modelVersion).publishTo(storeRoot);
    return new Published(storeRoot, ref.version(), BundleStore.at(storeRoot).directory(ref.version()), modelVersion);
  }
}
