package dev.scone.model.infer;

import dev.scone.model.TokenIdMap;
import java.util.Arrays;

/**
 * A compacted vocabulary as training would build one: model id i is tokenizer id known[i], the
 * last model id is the unknown id, which every other tokenizer id maps to.
 */
final class ListedIdMap implements TokenIdMap {

  private final int tokenizerVocab;
  private final int[] known;
  private final int unknownAs;
  private final int[] toModel;

  /** @param unknownAs the tokenizer id the unknown model id decodes to */
  ListedIdMap(int tokenizerVocab, int[] known, int unknownAs) {
    this.tokenizerVocab = tokenizerVocab;
    this.known = known.clone();
    this.unknownAs = unknownAs;
    this.toModel = new int[tokenizerVocab];
    Arrays.fill(toModel, known.length);
    for (int i = 0; i < known.length; i++) toModel[known[i]] = i;
  }

  @Override
  public int tokenizerVocabSize() {
    return tokenizerVocab;
  }

  @Override
  public int modelVocabSize() {
    return known.length + 1;
  }

  @Override
  public int toModel(int tokenizerId) {
    return toModel[tokenizerId];
  }

  @Override
  public int toTokenizer(int modelId) {
    return modelId < known.length ? known[modelId] : unknownAs;
  }
}
