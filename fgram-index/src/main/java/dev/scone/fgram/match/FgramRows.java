package dev.scone.fgram.match;

import dev.scone.fgram.vocab.FgramVocabulary;

/**
 * The f-grams an index is built from, read by id in rank order (id 0 first): a {@link
 * FgramVocabulary}, or a generator that never holds them all (a synthetic vocabulary of 100 M
 * f-grams for a benchmark). Read twice while building: once to count lengths, once to insert.
 */
public interface FgramRows {
  /** V: tokens lie in {@code [0, vocabSize)}. */
  int vocabSize();

  int maxN();

  /** |F|. */
  int size();

  /** Length of f-gram {@code id}, in {@code [2, maxN]}. */
  int length(int id);

  /** Writes the tokens of f-gram {@code id} to {@code out[0 .. length(id))}. */
  void tokens(int id, int[] out);

  /** The rows of {@code vocab}. */
  static FgramRows of(FgramVocabulary vocab) {
    return new FgramRows() {
      @Override
      public int vocabSize() {
        return vocab.meta().vocabSize();
      }

      @Override
      public int maxN() {
        return vocab.meta().maxN();
      }

      @Override
      public int size() {
        return vocab.size();
      }

      @Override
      public int length(int id) {
        return vocab.length(id);
      }

      @Override
      public void tokens(int id, int[] out) {
        for (int j = 0, k = vocab.length(id); j < k; j++) out[j] = vocab.token(id, j);
      }
    };
  }
}
