package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.KvCache;
import dev.scone.model.LanguageModel;
import java.util.List;

/**
 * The key/value cache of a generation and the window of the sequence it covers. The first
 * forward prefills the prompt's last {@code min(prompt, context)} positions; each later one feeds
 * only the new position. When the sequence would outgrow the context, the window slides: the
 * cache is dropped and the last {@code max(1, context / 2)} positions are prefilled again (at
 * positions 0..), so generation continues past the context length at the cost of one
 * re-prefill every context / 2 tokens. Rows are those of the whole sequence, so sliding never
 * changes which f-gram a position reads.
 *
 * <p>Prefix cache: given one, a prompt that fits the context resumes after the longest prefix of
 * whole blocks the cache holds and caches the blocks its prefill computes ({@link PrefixPass}).
 * Later windows (after a slide) start mid-sequence and are not cached.
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
  private Prompt prompt; // until the first forward, when it may come from the prefix cache
  private int cachedTokens;

  /**
   * The prompt as the prefix cache sees it.
   *
   * @param targets the model id of each prompt token after the first, at the position before it
   */
  record Prompt(PrefixCache prefixes, int[] tokens, long[] targets) {}

  SlidingCache(NDManager call, LanguageModel model, InputRows inputs, int promptLength) {
    this(call, model, inputs, promptLength, null);
  }

  /** @param prompt null, or the prompt and the prefix cache its prefill may resume from */
  SlidingCache(NDManager call, LanguageModel model, InputRows inputs, int promptLength, Prompt prompt) {
    this.call = call;
    this.model = model;
    this.inputs = inputs;
    this.context = model.config().contextLength();
    this.keep = Math.max(1, context / 2);
    this.cache = model.newCache(call);
    this.start = Math.max(0, promptLength - context);
    boolean fits = prompt != null && start == 0 && promptLength >= prompt.prefixes().blockTokens();
    this.prompt = fits ? prompt : null;
  }

  /** Prompt positions the prefix cache spared. */
  int cachedTokens() {
    return cachedTokens;
  }

  /** Feeds the positions of {@code seq} not yet cached; returns the last one's logits (V). */
  float[] next(SequenceRows seq) {
    if (prompt != null) return prefill(seq);
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

  /** The first forward, through the prefix cache: resumes after the prompt's cached blocks. */
  private float[] prefill(SequenceRows seq) {
    PrefixCache prefixes = prompt.prefixes();
    int n = prefixes.blockTokens();
    int length = seq.length();
    byte[][] digests = PrefixDigests.of(prompt.tokens(), n, length / n);
    List<PrefixBlock> hits = prefixes.lookup(digests);
    var item = new PrefixPass.Item(seq.rows(0, length), prompt.targets(), digests, hits);
    prompt = null;
    PrefixPass.Result result = PrefixPass.run(call, model, inputs, prefixes, List.of(item), true);
    cache.close();
    cache = result.cache();
    cachedTokens = result.past();
    prefixes.record(length, cachedTokens);
    return result.lastLogits()[0];
  }

  /** Sequence position of the window's first cached position (for tests). */
  int start() {
    return start;
  }
}
