package dev.scone.training.data;

import dev.scone.model.TokenIdMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The model's vocabulary: which tokenizer ids the model has its own ids for, and in what order.
 * Model ids are in descending order of training frequency (ties by tokenizer id), so an adaptive
 * softmax's head is the most frequent tokens and its tails the rarer ones.
 *
 * <ul>
 *   <li>{@code minCount == 0}: the full vocabulary, every one of the tokenizer's V ids, no UNK;
 *       {@link #size()} is V. Perplexity is then comparable with any full-vocabulary number.
 *   <li>{@code minCount >= 1}: compacted, the tokens seen at least {@code minCount} times, then one
 *       UNK id ({@link #size()} - 1) shared by every other token. UNK maps back to the lowest
 *       tokenizer id the model does not keep (0 if it keeps them all).
 * </ul>
 *
 * <p>Immutable and thread-safe. Saved as a small JSON file by {@link ModelVocabularyFile}.
 */
public final class ModelVocabulary implements TokenIdMap {

  private final String tokenizer;
  private final int tokenizerVocabSize;
  private final int minCount;
  private final int[] kept; // (kept) tokenizer ids; model id = index
  private final int[] toModel; // (V_tokenizer) model id, UNK where not kept
  private final int unkTokenizerId; // what UNK maps back to; -1 without UNK

  /**
   * @param minCount 0 for the full vocabulary (then {@code kept} must hold every id), else the
   *     count a token needed to be kept
   * @param kept the tokenizer ids the model keeps, model id = index: distinct, each in [0, V)
   * @throws IllegalArgumentException naming the first id out of range or repeated
   */
  public ModelVocabulary(String tokenizer, int tokenizerVocabSize, int minCount, int[] kept) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (tokenizerVocabSize < 1) {
      throw new IllegalArgumentException("tokenizerVocabSize must be >= 1, got " + tokenizerVocabSize);
    }
    if (minCount < 0) throw new IllegalArgumentException("minCount must be >= 0, got " + minCount);
    this.tokenizerVocabSize = tokenizerVocabSize;
    this.minCount = minCount;
    this.kept = kept.clone();
    this.toModel = new int[tokenizerVocabSize];
    Arrays.fill(toModel, -1);
    for (int i = 0; i < this.kept.length; i++) {
      int t = this.kept[i];
      if (t < 0 || t >= tokenizerVocabSize || toModel[t] != -1) {
        throw new IllegalArgumentException("kept token " + i + " is " + t + "; expected distinct"
            + " ids in [0, " + tokenizerVocabSize + ")");
      }
      toModel[t] = i;
    }
    int firstMissing = 0;
    while (firstMissing < tokenizerVocabSize && toModel[firstMissing] != -1) firstMissing++;
    if (minCount == 0) {
      if (firstMissing < tokenizerVocabSize) {
        throw new IllegalArgumentException("a full vocabulary (minCount 0) must keep every id,"
            + " tokenizer id " + firstMissing + " is missing");
      }
      unkTokenizerId = -1;
    } else {
      for (int t = 0; t < tokenizerVocabSize; t++) if (toModel[t] == -1) toModel[t] = this.kept.length;
      unkTokenizerId = firstMissing < tokenizerVocabSize ? firstMissing : 0;
    }
  }

  /**
   * The tokens of {@code train} that occur at least {@code minCount} times (0: every token of the
   * tokenizer, seen or not), most frequent first; plus UNK when {@code minCount >= 1}.
   */
  public static ModelVocabulary fromCounts(TokenCorpus train, int minCount) {
    long[] counts = train.tokenCounts();
    int[] kept = IntStream.range(0, counts.length).filter(t -> counts[t] >= minCount).boxed()
        .sorted(Comparator.<Integer>comparingLong(t -> -counts[t]).thenComparingInt(t -> t))
        .mapToInt(Integer::intValue).toArray();
    return new ModelVocabulary(train.tokenizer(), train.vocabSize(), minCount, kept);
  }

  /** Whether every tokenizer id has its own model id (minCount 0): no UNK. */
  public boolean full() {
    return unkTokenizerId < 0;
  }

  public String tokenizer() {
    return tokenizer;
  }

  /** The tokenizer's V. */
  @Override
  public int tokenizerVocabSize() {
    return tokenizerVocabSize;
  }

  public int minCount() {
    return minCount;
  }

  /** The model's V: kept tokens (+ 1 for UNK); what {@code ModelConfig.vocabSize} must be. */
  public int size() {
    return full() ? kept.length : kept.length + 1;
  }

  /** {@link #size()}. */
  @Override
  public int modelVocabSize() {
    return size();
  }

  /** The model id every token outside the kept set maps to: {@code size() - 1}; -1 when full. */
  public int unkId() {
    return full() ? -1 : kept.length;
  }

  /** Whether the tokenizer id has its own model id (not UNK). */
  public boolean contains(int tokenizerId) {
    return toModel(tokenizerId) != unkId();
  }

  /** The model id of a tokenizer id: its own when kept, else {@link #unkId()}. */
  @Override
  public int toModel(int tokenizerId) {
    if (tokenizerId < 0 || tokenizerId >= tokenizerVocabSize) {
      throw new IllegalArgumentException("tokenizer id " + tokenizerId + " is outside [0, "
          + tokenizerVocabSize + ") of " + tokenizer);
    }
    return toModel[tokenizerId];
  }

  /** Maps every element of {@code tokenizerIds} to its model id, into a new array. */
  public int[] toModel(int[] tokenizerIds) {
    int[] out = new int[tokenizerIds.length];
    for (int i = 0; i < out.length; i++) out[i] = toModel(tokenizerIds[i]);
    return out;
  }

  /**
   * The tokenizer id of a model id: a kept token's own id; for UNK the lowest tokenizer id the
   * model does not keep (0 if it keeps every id).
   *
   * @throws IllegalArgumentException for an id outside [0, size())
   */
  @Override
  public int toTokenizer(int modelId) {
    if (modelId < 0 || modelId >= size()) {
      throw new IllegalArgumentException("model id " + modelId + " is outside [0, " + size()
          + ") (kept ids [0, " + kept.length + "), UNK " + unkId() + ")");
    }
    return modelId == kept.length ? unkTokenizerId : kept[modelId];
  }

  /** A copy of the kept tokenizer ids (model id = index). */
  public int[] keptTokens() {
    return kept.clone();
  }

  /** Same tokenizer, V, min count and kept tokens. */
  public boolean sameContent(ModelVocabulary other) {
    return tokenizer.equals(other.tokenizer) && tokenizerVocabSize == other.tokenizerVocabSize
        && minCount == other.minCount && Arrays.equals(kept, other.kept);
  }

  @Override
  public String toString() {
    return "ModelVocabulary[" + size() + " ids (" + kept.length + " tokens" + (full() ? ", full" : " + UNK")
        + ") of " + tokenizer + " V=" + tokenizerVocabSize + ", minCount " + minCount + "]";
  }
}
