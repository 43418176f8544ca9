package dev.scone.training.refresh;

import dev.scone.model.TokenIdMap;
import dev.scone.training.data.ModelVocabulary;

/**
 * A bundle's token id map as the {@link ModelVocabulary} that training streams need, so a model
 * loaded from a bundle can be trained further on the same model ids. A trained bundle's map is the
 * full vocabulary (M = V, a permutation) or a compacted one (model ids {@code 0..M-2} are kept
 * tokenizer ids and {@code M-1} is UNK). Stateless.
 */
public final class BundleTokenVocabulary {

  private BundleTokenVocabulary() {}

  /**
   * The model vocabulary that answers exactly as {@code ids} does, for every tokenizer id.
   *
   * @throws IllegalArgumentException when {@code ids} is not a compacted vocabulary (naming the
   *     first id that differs)
   */
  public static ModelVocabulary of(String tokenizer, TokenIdMap ids) {
    int m = ids.modelVocabSize();
    boolean full = m == ids.tokenizerVocabSize(); // every id its own, else the last one is UNK
    int[] kept = new int[full ? m : m - 1];
    for (int i = 0; i < kept.length; i++) kept[i] = ids.toTokenizer(i);
    ModelVocabulary vocab;
    try {
      vocab = new ModelVocabulary(tokenizer, ids.tokenizerVocabSize(), full ? 0 : 1, kept);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the bundle's token ids are not a compacted vocabulary: " + e.getMessage(), e);
    }
    for (int t = 0; t < ids.tokenizerVocabSize(); t++) {
      if (vocab.toModel(t) != ids.toModel(t)) {
        throw new IllegalArgumentException("the bundle's token ids are not a compacted vocabulary: tokenizer id " + t
            + " maps to model id " + ids.toModel(t) + ", expected " + vocab.toModel(t));
      }
    }
    return vocab;
  }
}
