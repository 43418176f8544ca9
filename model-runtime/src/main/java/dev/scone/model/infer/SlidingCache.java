package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.KvCache;
import dev.scone.model.LanguageModel;

/**
 * The key/value cache of a generation and the window of the sequence it covers. The first
 * forward prefills the prompt's last {@code min(prompt, context)} positions; each later one feeds
 * only the new position. When the sequence would outgrow the context, the window slides: the
 * cache is dropped and the last {@code max(1, context / 2)} positions are prefilled again (at
 * positions 0..), so generation continues past the context length at the cost of one
 * re-prefill every context / 2 tokens. Rows are those of the whole sequence, so sliding never
 * changes which f-gram a position reads.
 *
 * <p>Lives in the call's manager; not thread-safe.
 */
final class SlidingCache {

  private final NDManager call;
  private final LanguageModel model;
  private final InputRows inputs;
  private final int context;
  private final int keep;
  private KvCache cache;
  private int start; // sequence position cached at window position 0

  SlidingCache(NDManager call, LanguageModel model, InputRows inputs, int promptLength) {
    this.call = call;
    this.model = model;
    this.inputs = inputs;
    this.context = model.config().contextLength();
    this.keep = Math.max(1, context / 2);
    this.cache = model.newCache(call);
    this.start = Math.max(0, promptLength - context);
  }

  /** Feeds the positions of {@code seq} not yet cached; returns the last one's logits (V). */
  float[] next(SequenceRows seq) {
    int n = seq.length();
    if (n - start > context) {
      cache.close();
      cache = model.newCache(call);
      start = n - keep;
    }
    int[] rows = seq.rows(start + cache.length(), n);
    try (NDManager step = call.newSubManager()) {
      NDArray x = inputs.inputs(step, rows, 1, rows.length); // (1, T, d)
      NDArray logits = model.logits(x, cache); // (1, T, V); appends T positions to the cache
      return logits.get(0, rows.length - 1).toFloatArray(); // (V)
    }
  }

  /** Sequence position of the window's first cached position (for tests). */
  int start() {
    return start;
  }
}
