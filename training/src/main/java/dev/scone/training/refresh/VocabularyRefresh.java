package dev.scone.training.refresh;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import java.io.IOException;
import java.util.Objects;

/**
 * The vocabulary refresh path: the current bundle's model (main model untouched) with a new
 * f-gram vocabulary; f-grams the current table has keep their rows bit for bit, new ones get rows
 * from the current f-gram model. Published through the {@link GatedPublisher}. Stateless.
 */
public final class VocabularyRefresh {

  private VocabularyRefresh() {}

  /**
   * Builds the refreshed bundle for {@code vocabulary} and publishes it if it passes the gate.
   *
   * @param vocabSourceSha256 SHA-256 of what the vocabulary was counted from, or ""
   * @throws IllegalArgumentException when the vocabulary does not fit the bundle (tokenizer, V,
   *     max_n) or the bundle has no f-gram model (a baseline)
   */
  public static GatedPublisher.Outcome run(ModelBundle current, FgramVocabulary vocabulary, String vocabSourceSha256,
      GatedPublisher publisher) throws IOException {
    requireFits(current, vocabulary);
    try (LanguageModel model = current.loadModel(Devices.preferred(), true)) {
      return publisher.publish(current, request(current, model, vocabulary, vocabSourceSha256), "refresh", null);
    }
  }

  /** The refreshed bundle's request: same model, model version, token ids, dtype and training config. */
  static BundleRequest request(ModelBundle current, LanguageModel model, FgramVocabulary vocabulary,
      String vocabSourceSha256) {
    BundleManifest m = current.manifest();
    return new BundleRequest(model, current.tokenIds(), m.modelVersion(), vocabulary, vocabSourceSha256,
        m.embeddingDtype(), m.trainingConfig(), null, PrecomputeOptions.defaults(), 0);
  }

  /** A new vocabulary must be over the bundle's tokenizer and V, and no longer than the model's max_n. */
  public static void requireFits(ModelBundle current, FgramVocabulary vocabulary) {
    Objects.requireNonNull(vocabulary, "vocabulary");
    BundleManifest m = current.manifest();
    FgramVocabulary.Meta v = vocabulary.meta();
    if (!current.config().hasFgramModel()) {
      throw new IllegalArgumentException("bundle " + m.version() + " (" + m.modelVersion() + ") is a baseline with no"
          + " f-gram model: its table cannot be refreshed with new f-grams");
    }
    if (!v.tokenizer().equals(m.tokenizer()) || v.vocabSize() != m.vocabSize()) {
      throw new IllegalArgumentException("vocabulary " + v.version() + " is over " + v.tokenizer() + " V="
          + v.vocabSize() + " but bundle " + m.version() + " is over " + m.tokenizer() + " V=" + m.vocabSize());
    }
    if (v.maxN() > current.config().maxN()) {
      throw new IllegalArgumentException("vocabulary " + v.version() + " has f-grams up to length " + v.maxN()
          + " but bundle " + m.version() + "'s model has max_n " + current.config().maxN());
    }
  }
}
