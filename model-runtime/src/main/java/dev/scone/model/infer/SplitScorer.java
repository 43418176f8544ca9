package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ScoringWindows.Window;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link Scorer}'s windows and log-probs, computed in two halves split before block {@code
 * layer}: the lower half turns a window's input rows into its layer-k activations (B, T, d), the
 * upper half turns activations into log-probs. A document whose activations are supplied (stored
 * by an earlier run of a model with the same lower part) skips the lower half; one without gets
 * them computed and returned, for storing.
 *
 * <p>A document's activations are one float array: its windows in {@link ScoringWindows#plan}
 * order, each window's positions in order, d floats each ({@link #activationFloats}). Windows are
 * packed into forwards as the Scorer packs them (longest first, at most {@code maxBatchLogits}
 * logits); padded positions read row 0 in the lower half and zeros in the upper half, neither of
 * which can reach a real position (causal attention). Results equal the Scorer's up to float
 * rounding of differently shaped batches.
 *
 * <p>Not thread-safe (it runs on a {@link ModelHandle}): one per handle and thread.
 */
public final class SplitScorer {

  /**
   * One document's outcome.
   *
   * @param activations the activations computed by this call (to store), or null when they were
   *     supplied
   */
  public record Result(Score score, float[] activations) {
    public boolean recycled() {
      return activations == null;
    }
  }

  /** A window with the offset of its first position in its document's activations (floats). */
  private record Placed(Window window, int offset) {}

  private final ModelHandle handle;
  private final int layer;
  private final int context;
  private final int stride;
  private final int dim;
  private final long maxBatchLogits;
  // Reused across batches (grown to the largest): a fresh direct buffer per forward, as
  // NDManager.create(float[]) makes, can stall in the JVM's direct-memory accounting (System.gc).
  private float[] upperInputs = new float[0];
  private ByteBuffer staging = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());

  /**
   * @param layer k, in [0, layers]
   * @param stride as {@link Scorer#Scorer(ModelHandle, int, long)}
   */
  public SplitScorer(ModelHandle handle, int layer, int stride, long maxBatchLogits) {
    ScoringWindows.checkStride(handle.contextLength(), stride);
    int layers = handle.model().config().layers();
    if (layer < 0 || layer > layers) {
      throw new IllegalArgumentException("split layer " + layer + " is outside [0, " + layers + "]");
    }
    if (maxBatchLogits < 1) throw new IllegalArgumentException("maxBatchLogits must be >= 1, got " + maxBatchLogits);
    this.handle = handle;
    this.layer = layer;
    this.context = handle.contextLength();
    this.stride = stride;
    this.dim = handle.model().config().dModel();
    this.maxBatchLogits = maxBatchLogits;
  }

  /** A split scorer with the default stride (context / 2) and batch cap, as {@link Scorer#Scorer(ModelHandle)}. */
  public SplitScorer(ModelHandle handle, int layer) {
    this(handle, layer, handle.contextLength() / 2, Scorer.DEFAULT_MAX_BATCH_LOGITS);
  }

  public int stride() {
    return stride;
  }

  /** Floats in the activations of a document of {@code tokens} tokens. */
  public int activationFloats(int tokens) {
    long positions = 0;
    for (Window w : ScoringWindows.plan(0, tokens, context, stride)) positions += w.length();
    return Math.toIntExact(positions * dim);
  }

  /** The score of {@code tokens} from per-token log-probs stored earlier (what a {@link Score} holds). */
  public static Score scoreOf(int tokens, double[] tokenLogprobs) {
    return Score.of(tokens, tokenLogprobs.clone());
  }

  /**
   * Scores {@code documents}; {@code stored.get(i)}, when not null, is document i's activations
   * ({@link #activationFloats} long) and its lower half is skipped.
   *
   * @throws IllegalArgumentException naming a document whose tokens or stored activations do not fit
   */
  public List<Result> scoreAll(List<int[]> documents, List<float[]> stored) {
    if (stored.size() != documents.size()) {
      throw new IllegalArgumentException(stored.size() + " activation entries for " + documents.size() + " documents");
    }
    int n = documents.size();
    float[][] activations = new float[n][];
    int[][] rows = new int[n][];
    double[][] logprobs = new double[n][];
    List<Placed> lower = new ArrayList<>();
    List<Placed> all = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      int[] doc = documents.get(d);
      handle.requireTokens(doc, "document " + d);
      logprobs[d] = new double[Math.max(0, doc.length - 1)];
      int floats = activationFloats(doc.length);
      if (stored.get(d) != null && stored.get(d).length != floats) {
        throw new IllegalArgumentException("document " + d + ": stored activations hold " + stored.get(d).length
            + " floats, its windows need " + floats);
      }
      activations[d] = stored.get(d) != null ? stored.get(d) : new float[floats];
      if (stored.get(d) == null) rows[d] = handle.inputs().rows(doc); // whole document: windows do not change matches
      int offset = 0;
      for (Window w : ScoringWindows.plan(d, doc.length, context, stride)) {
        Placed p = new Placed(w, offset);
        all.add(p);
        if (stored.get(d) == null) lower.add(p);
        offset += w.length() * dim;
      }
    }
    for (List<Placed> batch : batches(lower)) lowerHalf(batch, rows, activations);
    for (List<Placed> batch : batches(all)) upperHalf(batch, documents, activations, logprobs);
    List<Result> out = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      out.add(new Result(Score.of(documents.get(d).length, logprobs[d]), stored.get(d) == null ? activations[d] : null));
    }
    return out;
  }

  /** Longest first, as many per forward as the logits cap allows (a single window always runs). */
  private List<List<Placed>> batches(List<Placed> windows) {
    List<Placed> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparingInt((Placed p) -> p.window().length()).reversed());
    long vocab = handle.model().config().vocabSize();
    List<List<Placed>> out = new ArrayList<>();
    for (int from = 0; from < sorted.size(); ) {
      long perWindow = sorted.get(from).window().length() * vocab;
      int count = (int) Math.max(1, Math.min(sorted.size() - from, maxBatchLogits / perWindow));
      out.add(sorted.subList(from, from + count));
      from += count;
    }
    return out;
  }

  /** Input rows -> activations before block k, copied into each window's place. */
  private void lowerHalf(List<Placed> batch, int[][] rows, float[][] activations) {
    int b = batch.size();
    int t = batch.get(0).window().length();
    int[] flatRows = new int[b * t]; // padding reads row 0, any valid row
    for (int i = 0; i < b; i++) {
      Window w = batch.get(i).window();
      System.arraycopy(rows[w.doc()], w.begin(), flatRows, i * t, w.length());
    }
    float[] h;
    try (NDManager call = handle.newCallManager()) {
      NDArray inputs = handle.inputs().inputs(call, flatRows, b, t); // (B, T, d)
      h = handle.model().activations(inputs, layer).toFloatArray(); // (B, T, d)
    }
    for (int i = 0; i < b; i++) {
      Placed p = batch.get(i);
      System.arraycopy(h, i * t * dim, activations[p.window().doc()], p.offset(), p.window().length() * dim);
    }
  }

  /** {@code values[0, count)} in the reused direct staging buffer, position 0, limit at their end. */
  private ByteBuffer staged(float[] values, int count) {
    int bytes = Math.multiplyExact(count, Float.BYTES);
    if (staging.capacity() < bytes) staging = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    staging.clear().limit(bytes);
    staging.asFloatBuffer().put(values, 0, count);
    return staging;
  }

  /** Activations -> log-probs of each window's targets. */
  private void upperHalf(List<Placed> batch, List<int[]> docs, float[][] activations, double[][] out) {
    TokenIdMap ids = handle.ids();
    int b = batch.size();
    int t = batch.get(0).window().length();
    int floats = b * t * dim;
    if (upperInputs.length < floats) upperInputs = new float[floats];
    float[] h = upperInputs;
    Arrays.fill(h, 0, floats, 0f); // padding stays 0
    long[] targets = new long[b * t]; // model id of the token after each position (0: unused)
    for (int i = 0; i < b; i++) {
      Placed p = batch.get(i);
      Window w = p.window();
      System.arraycopy(activations[w.doc()], p.offset(), h, i * t * dim, w.length() * dim);
      int[] doc = docs.get(w.doc());
      for (int q = w.begin(); q + 1 < w.end(); q++) targets[i * t + q - w.begin()] = ids.toModel(doc[q + 1]);
    }
    float[] picked;
    try (NDManager call = handle.newCallManager()) {
      NDArray acts = handle.model().wrapInputs(call, staged(h, floats), b, t); // (B, T, d), no copy
      NDArray hidden = handle.model().hiddenFromActivations(acts, layer); // (B, T, d)
      picked = handle.model().targetLogProbs(hidden, targets); // (B * T)
    }
    for (int i = 0; i < b; i++) {
      Window w = batch.get(i).window();
      for (int target = w.firstTarget(); target < w.end(); target++) {
        out[w.doc()][target - 1] = picked[i * t + target - 1 - w.begin()];
      }
    }
  }
}
