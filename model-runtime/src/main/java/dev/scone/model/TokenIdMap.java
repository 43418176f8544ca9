package dev.scone.model;

/**
 * Maps between the tokenizer's ids and the model's ids. The model's vocabulary may be compacted
 * to the tokens seen in training plus one unknown id, which shrinks the output layer that
 * dominates a small model's cost; tables, matchers and requests stay in tokenizer ids.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface TokenIdMap {

  /** Size of the tokenizer's vocabulary (V in the table contract). */
  int tokenizerVocabSize();

  /** Size of the model's vocabulary (rows of its token embedding and output layer). */
  int modelVocabSize();

  /** The model id of a tokenizer id; tokens the model never saw map to its unknown id. */
  int toModel(int tokenizerId);

  /** The tokenizer id of a model id; the unknown id maps to a tokenizer id chosen by the map. */
  int toTokenizer(int modelId);

  /** The identity map, for models that keep the tokenizer's whole vocabulary. */
  static TokenIdMap identity(int vocabSize) {
    return new TokenIdMap() {
      @Override
      public int tokenizerVocabSize() {
        return vocabSize;
      }

      @Override
      public int modelVocabSize() {
        return vocabSize;
      }

      @Override
      public int toModel(int tokenizerId) {
        return tokenizerId;
      }

      @Override
      public int toTokenizer(int modelId) {
        return modelId;
      }
    };
  }
}
