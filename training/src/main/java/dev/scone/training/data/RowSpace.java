package dev.scone.training.data;

import dev.scone.model.TokenIdMap;

/**
 * The two row spaces and the map between them. The published inference table lives in
 * TOKENIZER space: rows {@code r < V_tok} are token rows (table row t holds the model's
 * embedding of {@code compact(t)}, so every token the tokenizer can produce has a row, unseen
 * ones UNK's), rows {@code V_tok + id} are f-gram rows. The model trains in MODEL space: rows
 * {@code < V_model} are its compacted token ids, rows {@code V_model + id} are f-gram rows.
 *
 * <pre>
 *   tokenizer row r      model row
 *   r &lt; V_tok         -&gt; compact(r)              (TokenIdMap.toModel; UNK if not kept)
 *   r &gt;= V_tok        -&gt; V_model + (r - V_tok)   (same f-gram id)
 * </pre>
 *
 * <p>Works for any {@link TokenIdMap}: a {@link ModelVocabulary}, or the identity for a model
 * that keeps the tokenizer's whole vocabulary. Immutable and thread-safe; O(1) per row.
 */
public final class RowSpace {

  private final TokenIdMap ids;
  private final int tokenizerVocabSize;
  private final int modelVocabSize;

  public RowSpace(TokenIdMap ids) {
    this.ids = ids;
    this.tokenizerVocabSize = ids.tokenizerVocabSize();
    this.modelVocabSize = ids.modelVocabSize();
  }

  /** V_tok: tokenizer rows below it are tokens. */
  public int tokenizerVocabSize() {
    return tokenizerVocabSize;
  }

  /** V_model: model rows below it are compacted tokens. */
  public int modelVocabSize() {
    return modelVocabSize;
  }

  /**
   * The model-space row of a tokenizer-space row.
   *
   * @throws IllegalArgumentException for a negative row
   */
  public int toModel(int tokenizerRow) {
    if (tokenizerRow < 0) throw new IllegalArgumentException("row " + tokenizerRow + " is negative");
    if (tokenizerRow < tokenizerVocabSize) return ids.toModel(tokenizerRow);
    return Math.addExact(modelVocabSize, tokenizerRow - tokenizerVocabSize);
  }

  /** {@link #toModel(int)} of every row, into a new array. */
  public int[] toModel(int[] tokenizerRows) {
    int[] out = new int[tokenizerRows.length];
    for (int i = 0; i < out.length; i++) out[i] = toModel(tokenizerRows[i]);
    return out;
  }

  /**
   * The tokenizer-space row of a model-space row: f-gram rows map back one to one, token rows
   * through {@link TokenIdMap#toTokenizer} (for UNK, the map's chosen stand-in).
   *
   * @throws IllegalArgumentException for a negative row
   */
  public int toTokenizer(int modelRow) {
    if (modelRow < 0) throw new IllegalArgumentException("row " + modelRow + " is negative");
    if (modelRow < modelVocabSize) return ids.toTokenizer(modelRow);
    return Math.addExact(tokenizerVocabSize, modelRow - modelVocabSize);
  }

  /**
   * For building the table's token rows: entry t is the model embedding row that tokenizer
   * token t's table row copies (V_tok entries, UNK's row for tokens the model does not keep).
   */
  public int[] tokenRowSources() {
    int[] out = new int[tokenizerVocabSize];
    for (int t = 0; t < out.length; t++) out[t] = ids.toModel(t);
    return out;
  }
}
