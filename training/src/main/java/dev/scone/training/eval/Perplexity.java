package dev.scone.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.LanguageModel;
import dev.scone.training.data.TokenStream;
import dev.scone.training.data.WindowBatch;
import java.util.Arrays;

/**
 * Perplexity of a {@link TokenStream} under a model, baseline or SCONE alike (the stream decides
 * whether positions read f-gram rows; the f-gram model computes them on the fly, as in training).
 *
 * <p>{@link #ofStream} uses non-overlapping windows, stride = window = T: window k feeds positions
 * {@code kT .. kT+T-1} and scores their next tokens, so every position but the first is scored
 * exactly once, with 0..T-1 tokens of context (less context than a sliding window gives: this is
 * the cheap, deterministic measure used to compare runs, not the serving-time score).
 *
 * <p>Runs with autograd off, each batch in its own sub-manager. Not thread-safe per model call
 * sequence; stateless itself.
 */
public final class Perplexity {

  private Perplexity() {}

  /** Every target of the stream, in non-overlapping windows of {@code window}, B at a time. */
  public static PerplexityResult ofStream(LanguageModel model, TokenStream stream, int window,
      int batchSize) {
    return ofPrefix(model, stream, window, batchSize, Integer.MAX_VALUE);
  }

  /**
   * The stream's first {@code maxTargets} targets (all of them if it has fewer), windowed as
   * {@link #ofStream} windows them: a prefix of the same measure, for when the whole split costs
   * more than the number is worth.
   */
  public static PerplexityResult ofPrefix(LanguageModel model, TokenStream stream, int window,
      int batchSize, int maxTargets) {
    requireWindow(model, window);
    if (maxTargets < 1) throw new IllegalArgumentException("maxTargets must be >= 1, got " + maxTargets);
    int scored = Math.min(stream.size() - 1, maxTargets); // positions with a next token
    int full = scored / window; // windows of T inputs + 1 target beyond
    int[] starts = new int[full];
    for (int k = 0; k < full; k++) starts[k] = k * window;
    PerplexityResult result = ofWindows(model, stream, starts, window, batchSize);
    int tailStart = full * window;
    int tail = scored - tailStart;
    if (tail > 0) {
      PerplexityResult last = ofWindows(model, stream, new int[] {tailStart}, tail, 1);
      result = new PerplexityResult(
          result.targets() + last.targets(), result.totalNll() + last.totalNll());
    }
    return result;
  }

  /** The windows of T inputs at {@code starts}, each scoring its T next tokens. */
  public static PerplexityResult ofWindows(LanguageModel model, TokenStream stream, int[] starts,
      int window, int batchSize) {
    requireWindow(model, window);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    double total = 0;
    long targets = 0;
    try (NoGrad ignored = NoGrad.enter()) {
      for (int from = 0; from < starts.length; from += batchSize) {
        int[] chunk = Arrays.copyOfRange(starts, from, Math.min(starts.length, from + batchSize));
        WindowBatch batch = stream.batch(chunk, window);
        total += summedNll(model, batch);
        targets += batch.targets().length;
      }
    }
    return new PerplexityResult(targets, total);
  }

  private static double summedNll(LanguageModel model, WindowBatch batch) {
    try (NDManager scope = model.djlModel().getNDManager().newSubManager()) {
      return (double) model.meanNll(batch.inputs(), batch.targets(), scope, false).getFloat()
          * batch.targets().length;
    }
  }

  private static void requireWindow(LanguageModel model, int window) {
    int context = model.config().contextLength();
    if (window < 1 || window > context) {
      throw new IllegalArgumentException(
          "window must be in [1, " + context + "] (the model's context), got " + window);
    }
  }
}
