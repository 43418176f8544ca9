package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ScoringWindows.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
 * <p>Not thread-safe (it runs on a {@link ModelHandle}): one scorer per handle and thread.
 */
public final class Scorer {

  /** Default cap on one forward's logits: 64 Mi floats (256 MiB, twice with the log-softmax). */
  public static final long DEFAULT_MAX_BATCH_LOGITS = 1L << 26;

  private final ModelHandle handle;
  private final int context;
  private final int stride;
  private final long maxBatchLogits;

  /** A scorer with stride context / 2 and the default batch cap. */
  public Scorer(ModelHandle handle) {
    this(handle, handle.contextLength() / 2, DEFAULT_MAX_BATCH_LOGITS);
  }

  /**
   * @param stride positions a window moves by, in [1, context - 1]
   * @param maxBatchLogits cap on B x T x V per forward (a single window always runs)
   */
  public Scorer(ModelHandle handle, int stride, long maxBatchLogits) {
    ScoringWindows.checkStride(handle.contextLength(), stride);
    if (maxBatchLogits < 1) {
      throw new IllegalArgumentException("maxBatchLogits must be >= 1, got " + maxBatchLogits);
    }
    this.handle = handle;
    this.context = handle.contextLength();
    this.stride = stride;
    this.maxBatchLogits = maxBatchLogits;
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
    for (int d = 0; d < documents.size(); d++) {
      int[] doc = documents.get(d);
      handle.requireTokens(doc, "document " + d);
      rows[d] = inputs.rows(doc); // whole document: windows do not change matches
      logprobs[d] = new double[Math.max(0, doc.length - 1)];
      windows.addAll(ScoringWindows.plan(d, doc.length, context, stride));
    }
    windows.sort(Comparator.comparingInt(Window::length).reversed()); // least padding
    long vocab = handle.model().config().vocabSize();
    for (int from = 0; from < windows.size(); ) {
      long perWindow = windows.get(from).length() * vocab; // logits of one padded window
      int count = (int) Math.max(1, Math.min(windows.size() - from, maxBatchLogits / perWindow));
      forward(windows.subList(from, from + count), documents, rows, logprobs);
      from += count;
    }
    List<Score> scores = new ArrayList<>(documents.size());
    for (int d = 0; d < documents.size(); d++) {
      scores.add(Score.of(documents.get(d).length, logprobs[d]));
    }
    return scores;
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
      NDArray logits = handle.model().logits(inputs, 0); // (B, T, V)
      NDArray index = call.create(targets, new Shape(b, t, 1));
      picked = logits.logSoftmax(2).gather(index, 2).toFloatArray(); // (B, T, 1)
    }
    for (int i = 0; i < b; i++) {
      Window w = batch.get(i);
      for (int target = w.firstTarget(); target < w.end(); target++) {
        out[w.doc()][target - 1] = picked[i * t + target - 1 - w.begin()];
      }
    }
  }
}
