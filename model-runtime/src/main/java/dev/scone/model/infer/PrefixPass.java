package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.KvCache;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import java.util.List;

/**
 * One forward over the first windows of B sequences that each resume after k cached blocks (the
 * same k for all, so they share one past length): the cached keys and values are loaded into a
 * {@link KvCache}, only the positions after them run through the model, and every whole block
 * the forward completed goes into the prefix cache.
 *
 * <p>Resuming after k blocks of n tokens starts the forward at position {@code k * n - 1}, one
 * before the end of the cached part: the log-prob of token {@code k * n} needs that position's
 * output, which a block does not keep (it would be a vocabulary-sized row). Rows shorter than the
 * longest are padded at the end, which cannot change their real positions (causal attention).
 */
final class PrefixPass {

  /**
   * One sequence's first window.
   *
   * @param rows the input row of each position of the window, {@code [0, end)}
   * @param targets the model id of the token after each position ({@code end} of them; the last
   *     is unused when the window ends the sequence)
   * @param digests the digests of the window's whole blocks
   * @param hits the cached blocks, a prefix of {@code digests}' blocks
   */
  record Item(int[] rows, long[] targets, byte[][] digests, List<PrefixBlock> hits) {
    int end() {
      return rows.length;
    }
  }

  /**
   * @param logprobs per item, the log-prob of token {@code p + 1} at index {@code p - past}, for
   *     the positions {@code p} in {@code [past, end - 1)}
   * @param lastLogits per item, the logits (V) of its last position; only when asked for
   * @param past positions taken from the cache, the same for every item
   * @param cache the keys and values of every position of every item (padded to the longest),
   *     when asked to keep it; else null (closed)
   */
  record Result(double[][] logprobs, float[][] lastLogits, int past, KvCache cache) {}

  private PrefixPass() {}

  /** The past length a sequence resumes after when {@code k} blocks of {@code n} are cached. */
  static int past(int k, int n) {
    return k == 0 ? 0 : k * n - 1;
  }

  static Result run(NDManager call, LanguageModel model, InputRows inputs, PrefixCache prefixes,
      List<Item> items, boolean keepCache) {
    ModelConfig config = model.config();
    int n = prefixes.blockTokens();
    int k = items.get(0).hits().size();
    int past = past(k, n);
    int b = items.size();
    int t = 0;
    for (Item item : items) {
      if (item.hits().size() != k) throw new IllegalArgumentException("items resume after different block counts");
      if (item.end() <= past) throw new IllegalArgumentException("an item of " + item.end() + " positions has none after " + past);
      t = Math.max(t, item.end() - past);
    }
    int[] flatRows = new int[b * t]; // padding reads row 0, any valid row
    long[] targets = new long[b * t];
    for (int i = 0; i < b; i++) {
      Item item = items.get(i);
      System.arraycopy(item.rows(), past, flatRows, i * t, item.end() - past);
      System.arraycopy(item.targets(), past, targets, i * t, item.end() - past);
    }
    KvCache kv = model.newCache(call);
    try {
      if (past > 0) load(call, kv, config, items, n, past);
      float[] picked;
      float[][] lastLogits = keepCache ? new float[b][] : null;
      try (NDManager scope = call.newSubManager()) {
        NDArray x = inputs.inputs(scope, flatRows, b, t); // (B, t, d)
        NDArray hidden = model.hidden(x, kv); // (B, t, d); appends t positions to kv
        picked = model.targetLogProbs(hidden, targets); // (B * t)
        if (keepCache) { // generation samples its next token from the last position's distribution
          for (int i = 0; i < b; i++) {
            NDArray last = hidden.get(i, items.get(i).end() - past - 1).expandDims(0); // (1, d)
            lastLogits[i] = model.logitsOfHidden(last).toFloatArray(); // (V)
          }
        }
      }
      storeNewBlocks(call, kv, config, prefixes, items, picked, past, t);
      double[][] logprobs = new double[b][];
      for (int i = 0; i < b; i++) {
        logprobs[i] = new double[Math.max(0, items.get(i).end() - 1 - past)];
        for (int j = 0; j < logprobs[i].length; j++) logprobs[i][j] = picked[i * t + j];
      }
      return new Result(logprobs, lastLogits, past, keepCache ? kv : null);
    } finally {
      if (!keepCache) kv.close();
    }
  }

  /** Loads each item's cached blocks, positions [0, past), into kv: (B, H, past, hs) per layer. */
  private static void load(NDManager call, KvCache kv, ModelConfig config, List<Item> items, int n, int past) {
    int heads = config.heads();
    int hs = config.headSize();
    Shape shape = new Shape(items.size(), heads, past, hs);
    for (int l = 0; l < config.layers(); l++) {
      float[] keys = new float[items.size() * heads * past * hs];
      float[] values = new float[keys.length];
      for (int i = 0; i < items.size(); i++) {
        List<PrefixBlock> hits = items.get(i).hits();
        for (int j = 0; j < hits.size(); j++) {
          int count = Math.min(n, past - j * n); // positions of block j below past
          for (int h = 0; h < heads; h++) {
            int to = (((i * heads) + h) * past + j * n) * hs;
            System.arraycopy(hits.get(j).keys()[l], h * n * hs, keys, to, count * hs);
            System.arraycopy(hits.get(j).values()[l], h * n * hs, values, to, count * hs);
          }
        }
      }
      kv.load(l, call.create(keys, shape).transpose(0, 1, 3, 2), call.create(values, shape));
    }
  }

  /** Puts the whole blocks after the cached ones, with their tokens' log-probs, into the cache. */
  private static void storeNewBlocks(NDManager call, KvCache kv, ModelConfig config, PrefixCache prefixes,
      List<Item> items, float[] picked, int past, int t) {
    boolean any = false;
    for (Item item : items) any |= item.digests().length > item.hits().size();
    if (!any) return;
    int layers = config.layers();
    int heads = config.heads();
    int hs = config.headSize();
    int n = prefixes.blockTokens();
    int total = past + t;
    float[][] keys = new float[layers][];
    float[][] values = new float[layers][];
    try (NDManager scope = call.newSubManager()) {
      for (int l = 0; l < layers; l++) {
        NDArray k = kv.keysT(l);
        NDArray v = kv.values(l);
        k.tempAttach(scope); // the transpose and copies land in scope, not in the cache
        v.tempAttach(scope);
        keys[l] = k.transpose(0, 1, 3, 2).toFloatArray(); // (B, H, total, hs)
        values[l] = v.toFloatArray();
      }
    }
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      for (int j = item.hits().size(); j < item.digests().length; j++) {
        float[][] blockKeys = new float[layers][heads * n * hs];
        float[][] blockValues = new float[layers][heads * n * hs];
        for (int l = 0; l < layers; l++) {
          for (int h = 0; h < heads; h++) {
            int from = (((i * heads) + h) * total + j * n) * hs;
            System.arraycopy(keys[l], from, blockKeys[l], h * n * hs, n * hs);
            System.arraycopy(values[l], from, blockValues[l], h * n * hs, n * hs);
          }
        }
        float[] logprobs = new float[n];
        for (int q = 0; q < n; q++) {
          int token = j * n + q; // predicted from position token - 1 >= past
          logprobs[q] = token == 0 ? Float.NaN : picked[i * t + token - 1 - past];
        }
        prefixes.put(item.digests()[j], new PrefixBlock(blockKeys, blockValues, logprobs));
      }
    }
  }

  /** Copies the cached tokens' log-probs of {@code hits} into {@code out} (index token - 1), tokens [1, k * n). */
  static void cachedLogprobs(List<PrefixBlock> hits, int n, double[] out) {
    for (int j = 0; j < hits.size(); j++) {
      float[] lp = hits.get(j).logprobs();
      for (int q = 0; q < n; q++) {
        int token = j * n + q;
        if (token > 0) out[token - 1] = lp[q];
      }
    }
  }
}
