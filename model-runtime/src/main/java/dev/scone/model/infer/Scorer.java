package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ScoringWindows.Window;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-token log-probabilities and perplexity of documents of any length (tokenizer ids in;
 * targets compared in model ids, {@code toModel(token)}).
 *
 * <p>Documents longer than the context are scored with a sliding window of the context length
 * moving by {@code stride} (default context / 2): each window scores only the tokens no earlier
 * window scored, so every token after the first is scored exactly once, with at least {@code
 * context - stride} tokens of left context where the document has them. SCONE rows are matched
 * over the whole document first (a match reads only the previous maxN - 1 tokens), so the
 * windows never change which f-gram a position reads.
 *
 * <p>Cost: windows of all documents of one call are sorted by length and packed into forwards
 * of at most {@code maxBatchLogits} logits (B x T x V floats); shorter windows in a forward are
 * padded at the end, which cannot change the real positions' outputs (causal attention). A long
 * document costs {@code 1 + ceil((n - context) / stride)} windows of {@code context} positions:
 * with the default stride each token passes through the model about twice. Packing windows
 * matters on CPU: 5 windows of 256 per forward scored twice as fast as one (d=128, V=50257).
 *
 * <p>Prefix cache: with a {@link PrefixCache}, a document's first window (the only one starting
 * at position 0) resumes after the longest prefix of whole blocks the cache holds for its tokens,
 * taking those positions' keys, values and token log-probs from the cache, and caches the blocks
 * it computes. The result equals scoring without the cache up to float rounding.
 *
 * <p>Not thread-safe (it runs on a {@link ModelHandle}): one scorer per handle and thread.
 */
public final class Scorer {

  /** Default cap on one forward's logits: 64 Mi floats (256 MiB, twice with the log-softmax). */
  public static final long DEFAULT_MAX_BATCH_LOGITS = 1L << 26;

  private final ModelHandle handle;
  private final int context;
  private final int stride;
  private final long maxBatchLogits;
  private final PrefixCache prefixes; // null: off

  /** A scorer with stride context / 2 and the default batch cap, without a prefix cache. */
  public Scorer(ModelHandle handle) {
    this(handle, null);
  }

  /**
   * A scorer with stride context / 2 and the default batch cap.
   *
   * @param prefixes null, or a cache of the handle's bundle: documents' first windows resume
   *     after the longest prefix of whole blocks computed before
   */
  public Scorer(ModelHandle handle, PrefixCache prefixes) {
    this(handle, handle.contextLength() / 2, DEFAULT_MAX_BATCH_LOGITS, prefixes);
  }

  /**
   * @param stride positions a window moves by, in [1, context - 1]
   * @param maxBatchLogits cap on B x T x V per forward (a single window always runs)
   */
  public Scorer(ModelHandle handle, int stride, long maxBatchLogits) {
    this(handle, stride, maxBatchLogits, null);
  }

  /**
   * @param stride positions a window moves by, in [1, context - 1]
   * @param maxBatchLogits cap on B x T x V per forward (a single window always runs)
   * @param prefixes null, or a cache of the handle's bundle
   */
  public Scorer(ModelHandle handle, int stride, long maxBatchLogits, PrefixCache prefixes) {
    ScoringWindows.checkStride(handle.contextLength(), stride);
    if (maxBatchLogits < 1) {
      throw new IllegalArgumentException("maxBatchLogits must be >= 1, got " + maxBatchLogits);
    }
    this.handle = handle;
    this.context = handle.contextLength();
    this.stride = stride;
    this.maxBatchLogits = maxBatchLogits;
    this.prefixes = prefixes;
  }

  public int stride() {
    return stride;
  }

  /** Scores one document. */
  public Score score(int[] tokens) {
    return scoreAll(List.of(tokens)).get(0);
  }

  /**
   * Scores several documents, batching their windows into shared forwards; the result is the
   * same as scoring each alone (up to float rounding).
   *
   * @throws IllegalArgumentException naming the document and position of a token outside [0, V)
   */
  public List<Score> scoreAll(List<int[]> documents) {
    InputRows inputs = handle.inputs();
    int[][] rows = new int[documents.size()][];
    double[][] logprobs = new double[documents.size()][];
    List<Window> windows = new ArrayList<>();
    List<Window> firsts = new ArrayList<>(); // first windows the prefix cache may serve
    int[] cached = new int[documents.size()];
    for (int d = 0; d < documents.size(); d++) {
      int[] doc = documents.get(d);
      handle.requireTokens(doc, "document " + d);
      rows[d] = inputs.rows(doc); // whole document: windows do not change matches
      logprobs[d] = new double[Math.max(0, doc.length - 1)];
      for (Window w : ScoringWindows.plan(d, doc.length, context, stride)) {
        (cacheable(w) ? firsts : windows).add(w);
      }
    }
    windows.sort(Comparator.comparingInt(Window::length).reversed()); // least padding
    for (int from = 0; from < windows.size(); ) {
      int count = batchCount(windows, from, 0);
      forward(windows.subList(from, from + count), documents, rows, logprobs);
      from += count;
    }
    if (!firsts.isEmpty()) scoreFirstWindows(firsts, documents, rows, logprobs, cached);
    List<Score> scores = new ArrayList<>(documents.size());
    for (int d = 0; d < documents.size(); d++) {
      scores.add(Score.of(documents.get(d).length, logprobs[d], cached[d]));
    }
    return scores;
  }

  private boolean cacheable(Window w) {
    return prefixes != null && w.begin() == 0 && w.length() >= prefixes.blockTokens();
  }

  /** How many windows from {@code from} (longest first) fit one forward that skips {@code past} positions. */
  private int batchCount(List<Window> windows, int from, int past) {
    long perWindow = (long) (windows.get(from).length() - past) * handle.model().config().vocabSize();
    return (int) Math.max(1, Math.min(windows.size() - from, maxBatchLogits / perWindow));
  }

  /**
   * Scores documents' first windows through the prefix cache: each resumes after its longest
   * cached prefix of whole blocks, windows that resume after the same number of blocks share
   * forwards, and each forward caches the blocks it completed. A window whose first uncached
   * block another window of this call is about to compute waits for the next round, where it
   * finds that block cached: requests of one batch that share a prefix compute it once.
   */
  private void scoreFirstWindows(List<Window> firsts, List<int[]> docs, int[][] rows, double[][] out, int[] cached) {
    int n = prefixes.blockTokens();
    TokenIdMap ids = handle.ids();
    for (List<Window> todo = firsts; !todo.isEmpty(); ) {
      Map<Integer, List<Window>> byBlocks = new TreeMap<>();
      Map<Window, PrefixPass.Item> items = new HashMap<>();
      Set<ByteBuffer> computing = new HashSet<>();
      List<Window> deferred = new ArrayList<>();
      for (Window w : todo) {
        int[] doc = docs.get(w.doc());
        byte[][] digests = PrefixDigests.of(doc, n, w.length() / n);
        List<PrefixBlock> hits = prefixes.lookup(digests);
        int k = hits.size();
        if (k < digests.length && !computing.add(ByteBuffer.wrap(digests[k]))) {
          deferred.add(w);
          continue;
        }
        PrefixPass.cachedLogprobs(hits, n, out[w.doc()]);
        int past = k * n == w.length() ? w.length() : PrefixPass.past(k, n);
        cached[w.doc()] = past;
        prefixes.record(w.length(), past);
        if (past == w.length()) continue; // every target of the window was cached
        long[] targets = new long[w.length()];
        for (int p = 0; p < w.length() && p + 1 < doc.length; p++) targets[p] = ids.toModel(doc[p + 1]);
        items.put(w, new PrefixPass.Item(Arrays.copyOf(rows[w.doc()], w.length()), targets, digests, hits));
        byBlocks.computeIfAbsent(k, key -> new ArrayList<>()).add(w);
      }
      for (Map.Entry<Integer, List<Window>> group : byBlocks.entrySet()) {
        List<Window> ws = group.getValue();
        ws.sort(Comparator.comparingInt(Window::length).reversed());
        int past = PrefixPass.past(group.getKey(), n);
        for (int from = 0; from < ws.size(); ) {
          int count = batchCount(ws, from, past);
          List<Window> batch = ws.subList(from, from + count);
          resume(batch.stream().map(items::get).toList(), batch, out);
          from += count;
        }
      }
      todo = deferred;
    }
  }

  /** One prefix-resumed forward; writes its fresh targets' log-probs into out. */
  private void resume(List<PrefixPass.Item> batch, List<Window> windows, double[][] out) {
    PrefixPass.Result result;
    try (NDManager call = handle.newCallManager()) {
      result = PrefixPass.run(call, handle.model(), handle.inputs(), prefixes, batch, false);
    }
    for (int i = 0; i < windows.size(); i++) {
      double[] fresh = result.logprobs()[i]; // target p + 1 at p - past
      System.arraycopy(fresh, 0, out[windows.get(i).doc()], result.past(), fresh.length);
    }
  }

  /** One forward over windows (longest first); writes their targets' log-probs into out. */
  private void forward(List<Window> batch, List<int[]> docs, int[][] rows, double[][] out) {
    TokenIdMap ids = handle.ids();
    int b = batch.size();
    int t = batch.get(0).length();
    int[] flatRows = new int[b * t]; // padding reads row 0, any valid row
    long[] targets = new long[b * t]; // model id of the token after each position (0: unused)
    for (int i = 0; i < b; i++) {
      Window w = batch.get(i);
      int[] doc = docs.get(w.doc());
      System.arraycopy(rows[w.doc()], w.begin(), flatRows, i * t, w.length());
      for (int p = w.begin(); p + 1 < w.end(); p++) {
        targets[i * t + p - w.begin()] = ids.toModel(doc[p + 1]);
      }
    }
    float[] picked;
    try (NDManager call = handle.newCallManager()) {
      NDArray inputs = handle.inputs().inputs(call, flatRows, b, t); // (B, T, d)
      NDArray hidden = handle.model().hidden(inputs, 0); // (B, T, d)
      picked = handle.model().targetLogProbs(hidden, targets); // (B * T)
    }
    for (int i = 0; i < b; i++) {
      Window w = batch.get(i);
      for (int target = w.firstTarget(); target < w.end(); target++) {
        out[w.doc()][target - 1] = picked[i * t + target - 1 - w.begin()];
      }
    }
  }
}
