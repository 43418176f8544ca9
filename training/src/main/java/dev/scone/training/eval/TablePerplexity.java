package dev.scone.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.data.TokenCorpus;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Perplexity of tokenized text through a published bundle's serving path: every position's row is
 * found by the longest-match rule over the bundle's vocabulary (per document), gathered from the
 * table and fed to the main model, with no f-gram model in the loop. The windows are exactly those
 * of {@link dev.scone.training.eval.Perplexity#ofStream} (non-overlapping, stride T, the last one
 * shorter), so on a float32 table the two give the same perplexity up to float rounding: this is
 * the system-level parity check between training and serving.
 *
 * <p>Not thread-safe (one staging buffer); one instance per model. Cost: one gather of B·T rows
 * and one main-model forward per batch.
 */
public final class TablePerplexity {

  private final ModelBundle bundle;
  private final LanguageModel model;
  private final int batchSize;

  /**
   * @param bundle the open bundle whose table and vocabulary are read (not closed here)
   * @param model its main model, loaded from it (not closed here)
   * @param batchSize windows per forward pass, >= 1
   */
  public TablePerplexity(ModelBundle bundle, LanguageModel model, int batchSize) {
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.model = Objects.requireNonNull(model, "model");
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    this.batchSize = batchSize;
  }

  /** Every next token of {@code corpus} (tokenizer ids), in non-overlapping windows of {@code window}. */
  public PerplexityResult of(TokenCorpus corpus, int window) {
    int context = model.config().contextLength();
    if (window < 1 || window > context) {
      throw new IllegalArgumentException("window must be in [1, " + context + "], got " + window);
    }
    int[] tokens = corpus.tokens();
    int[] rows = rows(corpus, bundle.vocabulary());
    long[] targets = modelIds(tokens, bundle.tokenIds());
    int full = (tokens.length - 1) / window;
    double total = 0;
    long scored = 0;
    try (NoGrad ignored = NoGrad.enter()) {
      for (int from = 0; from < full; from += batchSize) {
        int b = Math.min(batchSize, full - from);
        total += summedNll(rows, targets, from * window, b, window);
        scored += (long) b * window;
      }
      int tail = tokens.length - 1 - full * window;
      if (tail > 0) {
        total += summedNll(rows, targets, full * window, 1, tail);
        scored += tail;
      }
    }
    return new PerplexityResult(scored, total);
  }

  /** Tokenizer-space table rows: {@code V + id} where an f-gram ends, else the token. */
  static int[] rows(TokenCorpus corpus, FgramVocabulary vocabulary) {
    if (vocabulary.size() == 0) return corpus.tokens();
    return FgramMatcher.build(vocabulary).rows(corpus.tokens(), corpus.docStarts());
  }

  private static long[] modelIds(int[] tokens, TokenIdMap ids) {
    long[] out = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) out[i] = ids.toModel(tokens[i]);
    return out;
  }

  /** B consecutive windows of T positions from {@code start}: summed -log p of their next tokens. */
  private double summedNll(int[] rows, long[] targets, int start, int b, int time) {
    int n = b * time;
    int[] rowIds = new int[n];
    long[] next = new long[n];
    System.arraycopy(rows, start, rowIds, 0, n); // windows are consecutive: one contiguous run
    System.arraycopy(targets, start + 1, next, 0, n);
    int dim = bundle.table().dim();
    ByteBuffer staging = ByteBuffer.allocateDirect(n * dim * Float.BYTES).order(ByteOrder.nativeOrder());
    bundle.table().gather(rowIds, n, staging);
    try (NDManager scope = model.djlModel().getNDManager().newSubManager()) {
      NDArray inputs = model.wrapInputs(scope, staging, b, time); // (B, T, d), reads staging
      return (double) model.meanNll(inputs, next).getFloat() * n;
    } finally {
      Reference.reachabilityFence(staging); // the native array read its memory until here
    }
  }
}
