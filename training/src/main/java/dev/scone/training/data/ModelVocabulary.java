package dev.scone.training.data;

import dev.scone.model.TokenIdMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * The model's compacted vocabulary: the tokenizer ids that occur in the training split at least
 * {@code minCount} times, renumbered densely in ascending tokenizer-id order, plus one UNK id for
 * every other token. The model's output layer has {@link #size()} rows instead of the tokenizer's
 * V (50,257 for GPT-2), which is where most of a small model's training time goes.
 *
 * <p>Model ids: {@code 0 .. kept-1} are the kept tokens, {@code kept} is UNK; so {@link #size()}
 * is {@code kept + 1}. As a {@link TokenIdMap}, UNK maps back to the lowest tokenizer id the
 * model does not keep (a token absent from training), or 0 if it keeps them all. Immutable and
 * thread-safe. Saved as a small JSON file by {@link ModelVocabularyFile}.
 */
public final class ModelVocabulary implements TokenIdMap {

  private final String tokenizer;
  private final int tokenizerVocabSize;
  private final int minCount;
  private final int[] kept; // (kept) tokenizer ids, ascending; model id = index
  private final int[] toModel; // (V_tokenizer) model id, UNK where not kept
  private final int unkTokenizerId; // what UNK maps back to

  /**
   * @param kept the tokenizer ids the model keeps, strictly ascending, each in [0, V)
   * @throws IllegalArgumentException naming the first id out of range or out of order
   */
  public ModelVocabulary(String tokenizer, int tokenizerVocabSize, int minCount, int[] kept) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (tokenizerVocabSize < 1) {
      throw new IllegalArgumentException("tokenizerVocabSize must be >= 1, got " + tokenizerVocabSize);
    }
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
    this.tokenizerVocabSize = tokenizerVocabSize;
    this.minCount = minCount;
    this.kept = kept.clone();
    this.toModel = new int[tokenizerVocabSize];
    Arrays.fill(toModel, this.kept.length); // UNK
    for (int i = 0; i < this.kept.length; i++) {
      int t = this.kept[i];
      if (t < 0 || t >= tokenizerVocabSize || (i > 0 && t <= this.kept[i - 1])) {
        throw new IllegalArgumentException("kept token " + i + " is " + t + "; expected strictly"
            + " ascending ids in [0, " + tokenizerVocabSize + ")");
      }
      toModel[t] = i;
    }
    int firstMissing = 0;
    while (firstMissing < this.kept.length && this.kept[firstMissing] == firstMissing) firstMissing++;
    this.unkTokenizerId = firstMissing < tokenizerVocabSize ? firstMissing : 0;
  }

  /** The tokens of {@code train} that occur at least {@code minCount} times, plus UNK. */
  public static ModelVocabulary fromCounts(TokenCorpus train, int minCount) {
    long[] counts = train.tokenCounts();
    int n = 0;
    for (long c : counts) if (c >= minCount) n++;
    int[] kept = new int[n];
    int i = 0;
    for (int t = 0; t < counts.length; t++) if (counts[t] >= minCount) kept[i++] = t;
    return new ModelVocabulary(train.tokenizer(), train.vocabSize(), minCount, kept);
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

  /** The model's V: kept tokens + 1 (UNK); what {@code ModelConfig.vocabSize} must be. */
  public int size() {
    return kept.length + 1;
  }

  /** {@link #size()}. */
  @Override
  public int modelVocabSize() {
    return size();
  }

  /** The model id every token outside the kept set maps to: {@code size() - 1}. */
  public int unkId() {
    return kept.length;
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
    if (modelId < 0 || modelId > kept.length) {
      throw new IllegalArgumentException("model id " + modelId + " is outside [0, " + size()
          + ") (kept ids [0, " + kept.length + "), UNK " + unkId() + ")");
    }
    return modelId == kept.length ? unkTokenizerId : kept[modelId];
  }

  /** A copy of the kept tokenizer ids, ascending (model id = index). */
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
    return "ModelVocabulary[" + size() + " ids (" + kept.length + " tokens + UNK) of " + tokenizer
        + " V=" + tokenizerVocabSize + ", minCount " + minCount + "]";
  }
}
