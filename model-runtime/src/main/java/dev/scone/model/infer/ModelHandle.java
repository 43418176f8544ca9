package dev.scone.model.infer;

import ai.djl.ndarray.NDManager;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;

/**
 * One serving slot's hold on a model: which input vectors it feeds (baseline token embedding, or
 * SCONE rows gathered from a precomputed table), its staging buffer and the NDManager that every
 * call's sub-manager hangs from. {@link Scorer} and {@link Generator} run on a handle.
 *
 * <p>Memory: each call opens a sub-manager of this handle's manager and closes it before it
 * returns, so nothing accumulates here or in the model's manager between calls. {@link #close}
 * frees the manager; the staging buffer (direct memory, at most the largest batch's rows) is
 * released with this object. The handle does not own the model, table or matcher: close those
 * yourself, after the handles that use them.
 *
 * <p>Not thread-safe: one handle per thread (per Flink subtask). Several handles may share one
 * model, table and matcher, each on its own thread.
 */
public final class ModelHandle implements AutoCloseable {

  private final LanguageModel model;
  private final TokenIdMap ids;
  private final InputRows inputs;
  private final boolean table;
  private final NDManager manager;
  private boolean closed;

  private ModelHandle(LanguageModel model, TokenIdMap ids, InputRows inputs, boolean table) {
    this.model = model;
    this.ids = ids;
    this.inputs = inputs;
    this.table = table;
    this.manager = NDManager.newBaseManager(model.device());
  }

  /** The baseline: every position reads the model's token embedding of {@code toModel(token)}. */
  public static ModelHandle baseline(LanguageModel model, TokenIdMap ids) {
    requireIdMap(model.config(), ids);
    return new ModelHandle(model, ids, new TokenInputRows(model, ids), false);
  }

  /**
   * SCONE from a table: positions read {@code matcher}'s rows over the document, gathered from
   * {@code table} ({@code V + |F|} rows of width d, rows {@code < V} being the model's token rows
   * mapped through {@code ids}). No f-gram model is used.
   *
   * @throws IllegalArgumentException naming the first of ids, matcher, table and model that do
   *     not fit together (vocabulary sizes, f-gram count, width, maxN)
   */
  public static ModelHandle scone(
      LanguageModel model, TokenIdMap ids, EmbeddingLookup table, FgramMatcher matcher) {
    ModelConfig config = model.config();
    requireIdMap(config, ids);
    int v = ids.tokenizerVocabSize();
    if (matcher.vocabSize() != v) {
      throw new IllegalArgumentException("the matcher is for a tokenizer of " + matcher.vocabSize()
          + " ids but the id map's tokenizer has " + v);
    }
    if (matcher.maxN() != config.maxN()) {
      throw new IllegalArgumentException("the matcher's f-grams have up to " + matcher.maxN()
          + " tokens but the model was trained with maxN " + config.maxN());
    }
    long rows = (long) v + matcher.size();
    if (table.rows() != rows) {
      throw new IllegalArgumentException("the table has " + table.rows() + " rows, expected V + |F| = "
          + v + " + " + matcher.size() + " = " + rows + " (is it the table of this vocabulary?)");
    }
    if (table.dim() != config.dModel()) {
      throw new IllegalArgumentException("the table's rows have " + table.dim()
          + " values but the model's dModel is " + config.dModel());
    }
    return new ModelHandle(model, ids, new TableInputRows(model, table, matcher), true);
  }

  private static void requireIdMap(ModelConfig config, TokenIdMap ids) {
    if (ids.modelVocabSize() != config.vocabSize()) {
      throw new IllegalArgumentException("the id map has " + ids.modelVocabSize()
          + " model ids but the model's vocabulary has " + config.vocabSize());
    }
  }

  public LanguageModel model() {
    return model;
  }

  public TokenIdMap ids() {
    return ids;
  }

  /** True for SCONE rows from a table, false for the baseline token embedding. */
  public boolean readsTable() {
    return table;
  }

  /** V, the tokenizer's vocabulary size: request tokens must lie in [0, V). */
  public int tokenizerVocabSize() {
    return ids.tokenizerVocabSize();
  }

  public int contextLength() {
    return model.config().contextLength();
  }

  InputRows inputs() {
    ensureOpen();
    return inputs;
  }

  /** A sub-manager for one call; the caller closes it. */
  NDManager newCallManager() {
    ensureOpen();
    return manager.newSubManager();
  }

  /** Arrays alive in this handle's manager and its sub-managers (0 between calls). */
  int liveArrays() {
    return manager.getManagedArrays().size();
  }

  /** Throws naming the position of the first token outside [0, V). */
  void requireTokens(int[] tokens, String what) {
    int v = ids.tokenizerVocabSize();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= v) {
        throw new IllegalArgumentException(what + " position " + i + " has token " + tokens[i]
            + " outside the tokenizer's [0, " + v + ")");
      }
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("model handle is closed");
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    manager.close();
  }
}
