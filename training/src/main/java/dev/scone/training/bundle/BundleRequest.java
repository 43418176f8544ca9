package dev.scone.training.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.BundleJson;
import java.util.Objects;

/**
 * What to publish as a bundle: a trained model (with its f-gram model loaded, so the bundle can
 * later be refreshed or trained on), the map between its ids and the tokenizer's, the f-gram
 * vocabulary (tokenizer ids) its table is computed for, and what the manifest records besides.
 * The model is only read; the caller keeps owning and closing it.
 *
 * @param modelVersion the caller's name for this model (e.g. a training run id), non-blank
 * @param vocabSourceSha256 SHA-256 hex of what the vocabulary was counted from, or "" if unknown
 * @param trainingConfig written into the manifest as it is (JSON null for none)
 * @param eval written into the manifest as it is (JSON null for none)
 * @param frozenLayers the lower blocks a retrain kept frozen (with the input side), 0 for none;
 *     when above 0 the manifest records them and their {@link dev.scone.model.bundle.FrozenPart}
 */
public record BundleRequest(
    LanguageModel model,
    TokenIdMap tokenIds,
    String modelVersion,
    FgramVocabulary vocabulary,
    String vocabSourceSha256,
    EmbeddingDtype dtype,
    JsonNode trainingConfig,
    JsonNode eval,
    PrecomputeOptions precompute,
    int frozenLayers) {

  public BundleRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(precompute, "precompute");
    if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("modelVersion is required");
    vocabSourceSha256 = vocabSourceSha256 == null || vocabSourceSha256.isEmpty()
        ? ""
        : FileSha256.requireHex("vocabSourceSha256", vocabSourceSha256);
    trainingConfig = trainingConfig == null ? NullNode.getInstance() : trainingConfig.deepCopy();
    eval = eval == null ? NullNode.getInstance() : eval.deepCopy();
    if (frozenLayers < 0 || frozenLayers > model.config().layers()) {
      throw new IllegalArgumentException("frozenLayers must be in [0, " + model.config().layers() + "], got "
          + frozenLayers);
    }
  }

  /** A request with no source checksum, config or eval, and the default precompute options. */
  public static BundleRequest of(LanguageModel model, TokenIdMap tokenIds, String modelVersion,
      FgramVocabulary vocabulary, EmbeddingDtype dtype) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, "", dtype, null, null,
        PrecomputeOptions.defaults(), 0);
  }

  /**
   * With the training config, a record (or any value Jackson can write) serialised to JSON with
   * snake_case keys; read it back with {@link BundleManifest#trainingConfig(Class)}.
   */
  public BundleRequest withTrainingConfig(Object config) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, vocabSourceSha256, dtype,
        BundleJson.tree(config), eval, precompute, frozenLayers);
  }

  /** With the eval results, serialised as {@link #withTrainingConfig} does. */
  public BundleRequest withEval(Object results) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, vocabSourceSha256, dtype, trainingConfig,
        BundleJson.tree(results), precompute, frozenLayers);
  }

  public BundleRequest withVocabSource(String sha256) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, sha256, dtype, trainingConfig, eval,
        precompute, frozenLayers);
  }

  /** With {@code layers} lower blocks recorded as frozen (see {@link #frozenLayers}). */
  public BundleRequest withFrozenLayers(int layers) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, vocabSourceSha256, dtype, trainingConfig,
        eval, precompute, layers);
  }

  public BundleRequest withPrecompute(PrecomputeOptions options) {
    return new BundleRequest(model, tokenIds, modelVersion, vocabulary, vocabSourceSha256, dtype, trainingConfig,
        eval, options, frozenLayers);
  }
}
