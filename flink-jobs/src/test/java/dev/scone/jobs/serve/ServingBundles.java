package dev.scone.jobs.serve;

import dev.scone.model.bundle.BundleRef;
import dev.scone.training.bundle.SampleBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The serving tests' bundles: a {@link SampleBundle} over {@link #TEXT} whose f-grams are the
 * text's bigrams and trigrams seen at least twice, model_version {@code "m" + seed}.
 */
public final class ServingBundles {
  static final String TEXT = "the cat sat on the mat. the dog sat on the log. the cat and the dog sat on the mat"
      + " and the log, and then the cat ran to the dog and the dog ran to the cat.";
  static final int CONTEXT = 32;

  private ServingBundles() {}

  /** Publishes a bundle whose model is drawn from {@code seed}, model_version {@code "m" + seed}. */
  public static BundleRef publish(Path store, long seed) throws IOException {
    return SampleBundle.of(List.of(TEXT)).contextLength(CONTEXT).maxN(3).minCount(2).seed(seed).vocabVersion(seed)
        .modelVersion("m" + seed).publishTo(store);
  }
}
