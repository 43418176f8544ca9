package dev.scone.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The front door to a main language model and (for SCONE) its f-gram model: create or load,
 * build input vectors, run the forward pass, precompute table rows, save.
 *
 * <p>Shapes: B sequences, T positions, d = dModel, V = vocabSize. Every forward method takes
 * (B, T, d) input vectors, wherever they come from: {@link #tokenInputs} (baseline),
 * {@link #sconeInputs} (training path: f-gram model on the fly) or {@link #wrapInputs}
 * (inference path: rows gathered from a precomputed table; no f-gram model involved).
 *
 * <p>Memory: each call runs in its own sub-manager of its input's manager, closed before it
 * returns; only the result is attached to the caller's manager, so the caller closes it. No
 * array is ever left in the model's own manager. Forward calls are inference (no dropout); a
 * training loop drives {@link #djlModel()}'s block through a DJL Trainer instead.
 *
 * <p>Thread safety: forward and precompute calls may run concurrently (each in its own managers;
 * parameters are only read). {@link #save} and {@link #close} must not race with them. A model
 * loaded from files holds parameters without gradients, so inference records no autograd graph;
 * a created one's require gradients (for training), so on a thread where PyTorch's grad mode is
 * on, a forward call also records a graph, freed with the call's scope.
 */
public final class LanguageModel implements AutoCloseable {

  private final ModelConfig config;
  private final Model model;
  private final SconeNetwork network;
  private final boolean fgramLoaded;

  private LanguageModel(
      ModelConfig config, Model model, SconeNetwork network, boolean fgramLoaded) {
    this.config = config;
    this.model = model;
    this.network = network;
    this.fgramLoaded = fgramLoaded;
  }

  /** A new model with parameters drawn from {@code config.seed()} (same config, same model). */
  public static LanguageModel create(ModelConfig config, Device device) {
    Model model = Model.newInstance("scone", device);
    SconeNetwork network = new SconeNetwork(config);
    model.setBlock(network);
    Shape tokenIds = new Shape(1, config.contextLength()); // recorded in DJL's parameter files
    network.initialize(model.getNDManager(), DataType.FLOAT32, tokenIds);
    return new LanguageModel(config, model, network, config.hasFgramModel());
  }

  /**
   * Loads {@code config.json}, {@code main.params} and, if asked and the config has one, the
   * f-gram model's {@code fgram.params} from {@code dir}.
   *
   * @param withFgramModel false for serving from a table: the f-gram model stays unloaded and
   *     {@link #sconeInputs}/{@link #writeFgramRows} throw. Load it for training: a DJL trainer
   *     would initialise an unloaded f-gram model afresh.
   * @throws IllegalArgumentException naming the file that is missing or does not match
   */
  public static LanguageModel load(Path dir, Device device, boolean withFgramModel) {
    ModelConfig config = ModelConfig.read(dir.resolve(ParameterFiles.CONFIG));
    Model model = Model.newInstance("scone", device);
    try {
      SconeNetwork network = new SconeNetwork(config);
      model.setBlock(network);
      ParameterFiles.load(network.main(), model.getNDManager(), dir.resolve(ParameterFiles.MAIN));
      boolean withFgram = withFgramModel && config.hasFgramModel();
      if (withFgram) {
        Path fgramFile = dir.resolve(ParameterFiles.FGRAM);
        ParameterFiles.load(network.fgram(), model.getNDManager(), fgramFile);
      }
      return new LanguageModel(config, model, network, withFgram);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Writes config.json, main.params and fgram.params (when the f-gram model exists and was
   * loaded) into {@code dir}, creating it. Not atomic: publishing is the caller's job.
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create model directory " + dir, e);
    }
    config.write(dir.resolve(ParameterFiles.CONFIG));
    ParameterFiles.save(network.main(), dir.resolve(ParameterFiles.MAIN));
    if (fgramLoaded) ParameterFiles.save(network.fgram(), dir.resolve(ParameterFiles.FGRAM));
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * The f-gram model's own parameters (the shared token embedding is the main model's), none
   * for a baseline or a model loaded without its f-gram model: a trainer may give them their own
   * learning rate.
   */
  public List<Parameter> fgramParameters() {
    if (!fgramLoaded) return List.of();
    return network.fgram().getParameters().values();
  }

  /** The device the parameters live on; inputs must be created on it. */
  public Device device() {
    return model.getNDManager().getDevice();
  }

  public ModelCosts costs() {
    return new ModelCosts(config);
  }

  /**
   * The DJL model whose block is the whole network, for a Trainer: its forward takes
   * {@link SconeBatch#toNDList} and returns logits (B, T, V).
   */
  public Model djlModel() {
    return model;
  }

  /** Token ids (B, T) INT64 -> their rows of E, (B, T, d): the baseline's input vectors. */
  public NDArray tokenInputs(NDArray tokenIds) {
    return scoped(tokenIds, ps -> network.main().embed(ps, tokenIds, false));
  }

  /**
   * The training path's input vectors (B, T, d), in {@code manager}: token rows of E, replaced by
   * the f-gram model's output (each unique f-gram computed once) where a position reads one.
   */
  public NDArray sconeInputs(SconeBatch batch, NDManager manager) {
    requireFgramModel(batch);
    requireModelDevice(manager.getDevice(), "the manager");
    try (NDManager scope = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray inputs = network.inputs(ps, batch.toNDList(scope), false);
      inputs.attach(manager);
      return inputs;
    }
  }

  /**
   * Wraps B x T x d float32 input vectors that the caller gathered from a table, without copying.
   *
   * @param rows direct, native byte order; the floats start at its position. The array reads
   *     this memory directly: do not change it while the array is in use.
   */
  public NDArray wrapInputs(NDManager manager, ByteBuffer rows, int batch, int time) {
    long bytes = (long) batch * time * config.dModel() * Float.BYTES;
    if (!rows.isDirect() || rows.order() != ByteOrder.nativeOrder()) {
      throw new IllegalArgumentException("input rows must be a direct buffer in native order ("
          + ByteOrder.nativeOrder() + "), got direct=" + rows.isDirect() + ", " + rows.order());
    }
    if (rows.remaining() < bytes) {
      throw new IllegalArgumentException(batch + " x " + time + " x " + config.dModel()
          + " floats need " + bytes + " bytes, the buffer has " + rows.remaining());
    }
    requireModelDevice(manager.getDevice(), "the manager");
    // An exact slice: DJL reads from the buffer's address and would trim a longer buffer's limit.
    ByteBuffer exact = rows.slice().limit((int) bytes).slice();
    return manager.create(exact, new Shape(batch, time, config.dModel()), DataType.FLOAT32);
  }

  /**
   * (B, T, d) input vectors at positions start..start+T-1 -> (B, T, V) logits: scores whose
   * log-softmax is the next-token distribution (for an adaptive softmax, the log-probabilities).
   */
  public NDArray logits(NDArray inputs, int start) {
    return scoped(inputs, ps -> network.logits(ps, inputs, start, null, false));
  }

  /**
   * (B, T, d) input vectors following the {@code cache.length()} cached positions -> (B, T, V)
   * logits; appends this call's keys and values to the cache.
   */
  public NDArray logits(NDArray inputs, KvCache cache) {
    return scoped(inputs, ps -> network.logits(ps, inputs, cache.length(), cache, false));
  }

  /**
   * (B, T, d) input vectors at positions start.. -> (B, T, d) final hidden states, for {@link
   * #targetLogProbs} or {@link #logitsOfHidden}.
   */
  public NDArray hidden(NDArray inputs, int start) {
    return scoped(inputs, ps -> network.main().hidden(ps, inputs, start, null, false));
  }

  /** {@link #hidden(NDArray, int)} after the cached positions; appends to the cache. */
  public NDArray hidden(NDArray inputs, KvCache cache) {
    return scoped(inputs, ps -> network.main().hidden(ps, inputs, cache.length(), cache, false));
  }

  /** (..., d) hidden states -> (..., V) logits, as {@link #logits(NDArray, int)} returns them. */
  public NDArray logitsOfHidden(NDArray hidden) {
    return scoped(hidden, ps -> network.main().head(ps, hidden, false));
  }

  /**
   * (B, T, d) hidden states and B*T next-token model ids (row-major) -> log p(target) at each
   * position: what scoring needs, without the (B, T, V) distribution an adaptive softmax would
   * have to build for {@link #logitsOfHidden}.
   */
  public float[] targetLogProbs(NDArray hidden, long[] targets) {
    requireModelDevice(hidden.getDevice(), "the input");
    try (NDManager scope = hidden.getManager().newSubManager()) {
      return network.main().targetLogProbs(new ParameterStore(scope, false), hidden, targets);
    }
  }

  /** The training path end to end, in inference mode: batch -> (B, T, V) logits in manager. */
  public NDArray logits(SconeBatch batch, NDManager manager) {
    requireFgramModel(batch);
    requireModelDevice(manager.getDevice(), "the manager");
    try (NDManager scope = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray inputs = network.inputs(ps, batch.toNDList(scope), false); // (B, T, d)
      NDArray logits = network.logits(ps, inputs, 0, null, false); // (B, T, V)
      logits.attach(manager);
      return logits;
    }
  }

  /**
   * The mean next-token negative log-likelihood of a batch, a scalar in {@code manager}: the
   * training loss ({@code training} true: dropout on, for a step under a gradient collector) and
   * the evaluation's per-token loss (false). Unlike {@link #logits(SconeBatch, NDManager)} it never
   * builds (B, T, V): an adaptive softmax computes each tail only where a target falls in it.
   *
   * <p>A training pass leaves every array it made in {@code manager}, which the caller must keep
   * open until backward has run: DJL wraps the direct-buffer copy of a Java array (token ids,
   * targets) without handing it to PyTorch, so closing those arrays lets the garbage collector
   * free memory that autograd still reads in backward (gather and embedding keep their indices).
   * An evaluation pass ({@code training} false) frees its intermediates before it returns.
   *
   * @param targets B*T model ids, row-major
   */
  public NDArray meanNll(SconeBatch batch, long[] targets, NDManager manager, boolean training) {
    requireFgramModel(batch);
    requireModelDevice(manager.getDevice(), "the manager");
    if (training) {
      if (!network.isInitialized()) {
        // What DJL's Block.forward does on a training call: a loaded model's parameters get
        // their gradients here (arrays already there are kept; frozen ones get none).
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, config.contextLength()));
      }
      return forwardNll(batch, targets, manager, true);
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray loss = forwardNll(batch, targets, scope, false);
      loss.attach(manager);
      return loss;
    }
  }

  private NDArray forwardNll(SconeBatch batch, long[] targets, NDManager manager, boolean training) {
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray inputs = network.inputs(ps, batch.toNDList(manager), training); // (B, T, d)
    return network.meanNll(ps, inputs, targets, training);
  }

  /** {@link #meanNll(SconeBatch, long[], NDManager, boolean)} from (B, T, d) input vectors. */
  public NDArray meanNll(NDArray inputs, long[] targets) {
    return scoped(inputs, ps -> network.meanNll(ps, inputs, targets, false));
  }

  /** An empty key/value cache whose arrays live in a sub-manager of {@code manager}. */
  public KvCache newCache(NDManager manager) {
    requireModelDevice(manager.getDevice(), "the manager");
    return new KvCache(manager, config.layers());
  }

  /** The main model's token rows, E, row-major (V * d): table rows 0..V-1. */
  public float[] tokenRows() {
    try (NDManager scope = model.getNDManager().newSubManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      // A gather of every row, so the copy is an op on an activation in this scope.
      NDArray all = scope.arange(0, config.vocabSize(), 1, DataType.INT64); // (V)
      return network.main().embed(ps, all, false).toFloatArray(); // (V, d)
    }
  }

  /** Writes E's V * d floats (table rows 0..V-1) at out's position and advances it. */
  public void writeTokenRows(FloatBuffer out) {
    long needed = (long) config.vocabSize() * config.dModel();
    if (out.remaining() < needed) {
      throw new IllegalArgumentException("output has room for " + out.remaining()
          + " floats, " + config.vocabSize() + " token rows of width " + config.dModel()
          + " need " + needed);
    }
    out.put(tokenRows());
  }

  /**
   * Runs the f-gram model over {@code fgrams} (tokens each, length 2..maxN) in batches of at most
   * {@code batchSize} and writes f-gram i's vector at {@code out.position() + i * d}, advancing
   * the position; {@code out} may be a view of a direct ByteBuffer (e.g. a table's memory).
   */
  public void writeFgramRows(List<int[]> fgrams, int batchSize, FloatBuffer out) {
    if (!fgramLoaded) throw new IllegalStateException(noFgramModel());
    FgramRowEncoder.write(network, config, model.getNDManager(), fgrams, batchSize, out);
  }

  /** {@link #writeFgramRows} into a new array, row-major (fgrams.size() * d). */
  public float[] fgramRows(List<int[]> fgrams, int batchSize) {
    float[] rows = new float[Math.multiplyExact(fgrams.size(), config.dModel())];
    writeFgramRows(fgrams, batchSize, FloatBuffer.wrap(rows));
    return rows;
  }

  /**
   * The lower part of a split forward: (B, T, d) input vectors at positions 0.. -> (B, T, d)
   * residual stream before block {@code layer} (after blocks [0, layer)). With {@link
   * #logitsFromActivations} it computes {@link #logits(NDArray, int)} from position 0, so activations
   * stored by one run can be finished by another model whose lower part is identical.
   *
   * @throws IllegalArgumentException when layer is outside [0, layers]
   */
  public NDArray activations(NDArray inputs, int layer) {
    return scoped(inputs, ps -> network.main().lower(ps, inputs, 0, layer));
  }

  /** The upper part: (B, T, d) activations before block {@code layer} -> (B, T, V) logits. */
  public NDArray logitsFromActivations(NDArray activations, int layer) {
    return scoped(activations, ps -> network.main().head(ps,
        network.main().upperHidden(ps, activations, layer), false));
  }

  /** The upper part: (B, T, d) activations before block {@code layer} -> (B, T, d) hidden states. */
  public NDArray hiddenFromActivations(NDArray activations, int layer) {
    return scoped(activations, ps -> network.main().upperHidden(ps, activations, layer));
  }

  /**
   * What the main model's lower {@code layers} blocks read besides their input vectors, in a
   * fixed order: the token embedding E (the baseline's inputs, and the table's rows below V), the
   * position embedding, then blocks [0, layers). The f-gram model is not among them: its output
   * reaches the lower blocks only as table rows.
   */
  public List<Parameter> lowerParameters(int layers) {
    return network.main().lowerParameters(layers);
  }

  /**
   * Stops training of the input side and the lower {@code layers} blocks: {@link
   * #lowerParameters} and the f-gram model (which computes the table rows). Their arrays stop
   * requiring gradients, so a training step neither records their backward nor updates them.
   */
  public void freezeLower(int layers) {
    for (Parameter p : lowerParameters(layers)) p.freeze(true);
    for (Parameter p : fgramParameters()) p.freeze(true);
  }

  /** Parameters on another device would be copied on every call: refuse instead. */
  private void requireModelDevice(Device found, String what) {
    if (!found.equals(device())) {
      throw new IllegalArgumentException(what + " is on " + found + " but the model is on "
          + device() + "; create inputs with a manager on the model's device");
    }
  }

  private void requireFgramModel(SconeBatch batch) {
    if (batch.uniqueFgrams() > 0 && !fgramLoaded) {
      throw new IllegalStateException("the batch reads " + batch.uniqueFgrams()
          + " f-grams but " + noFgramModel());
    }
  }

  private String noFgramModel() {
    return config.hasFgramModel()
        ? "the f-gram model was not loaded (load with withFgramModel = true)"
        : "this model has no f-gram model (fgramLayers = 0)";
  }

  /** Runs body in a sub-manager of input's manager, input temporarily attached to it. */
  private NDArray scoped(NDArray input, Function<ParameterStore, NDArray> body) {
    requireModelDevice(input.getDevice(), "the input");
    NDManager caller = input.getManager();
    try (NDManager scope = caller.newSubManager()) {
      input.tempAttach(scope); // ops on the input now land in scope; it returns on close
      NDArray result = body.apply(new ParameterStore(scope, false));
      result.attach(caller);
      return result;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
