package dev.scone.model.bundle;

import dev.scone.model.TokenIdMap;

/**
 * A {@link TokenIdMap} held as its two lookup arrays, exactly as any map answered them when the
 * bundle was written: {@code toModel[t]} for every tokenizer id t and {@code toTokenizer[m]} for
 * every model id m. Immutable and thread-safe; O(1) lookups.
 */
final class ArrayTokenIdMap implements TokenIdMap {
  private final int[] toModel; // length V (tokenizer vocabulary), values in [0, modelVocabSize)
  private final int[] toTokenizer; // length of the model vocabulary, values in [0, V)

  private ArrayTokenIdMap(int[] toModel, int[] toTokenizer) {
    this.toModel = toModel;
    this.toTokenizer = toTokenizer;
  }

  /**
   * The arrays as a map, checked.
   *
   * @throws IllegalArgumentException naming the first id whose value is out of range
   */
  static ArrayTokenIdMap of(int[] toModel, int[] toTokenizer) {
    if (toModel.length < 1 || toTokenizer.length < 1) {
      throw new IllegalArgumentException("both vocabularies must be non-empty (tokenizer " + toModel.length
          + ", model " + toTokenizer.length + ")");
    }
    requireRange("to_model", toModel, toTokenizer.length);
    requireRange("to_tokenizer", toTokenizer, toModel.length);
    return new ArrayTokenIdMap(toModel.clone(), toTokenizer.clone());
  }

  /** Snapshots {@code map}'s answers for every id. */
  static ArrayTokenIdMap copyOf(TokenIdMap map) {
    int[] toModel = new int[map.tokenizerVocabSize()];
    for (int t = 0; t < toModel.length; t++) toModel[t] = map.toModel(t);
    int[] toTokenizer = new int[map.modelVocabSize()];
    for (int m = 0; m < toTokenizer.length; m++) toTokenizer[m] = map.toTokenizer(m);
    return of(toModel, toTokenizer);
  }

  private static void requireRange(String name, int[] values, int bound) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= bound) {
        throw new IllegalArgumentException(
            name + "[" + i + "] = " + values[i] + " is outside [0, " + bound + ")");
      }
    }
  }

  int[] toModelArray() {
    return toModel.clone();
  }

  int[] toTokenizerArray() {
    return toTokenizer.clone();
  }

  @Override
  public int tokenizerVocabSize() {
    return toModel.length;
  }

  @Override
  public int modelVocabSize() {
    return toTokenizer.length;
  }

  @Override
  public int toModel(int tokenizerId) {
    return toModel[tokenizerId];
  }

  @Override
  public int toTokenizer(int modelId) {
    return toTokenizer[modelId];
  }
}
