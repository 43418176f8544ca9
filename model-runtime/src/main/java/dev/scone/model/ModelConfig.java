package dev.scone.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every architecture knob of the main model and the f-gram model; written as a bundle's
 * {@code config.json} (snake_case keys, e.g. {@code d_model}).
 *
 * <p>The f-gram model has the main model's width ({@code dModel}, since it consumes the shared
 * token embeddings), head count and MLP width, its own depth {@code fgramLayers} and positions
 * {@code 0..maxN-1}. {@code fgramLayers == 0} is the baseline: no f-gram model, no table rows
 * beyond the tokens.
 *
 * @param layers transformer blocks in the main model, >= 1
 * @param dModel embedding and residual width d, a multiple of {@code heads}
 * @param heads attention heads per block, >= 1
 * @param mlpHidden MLP hidden width (4 d in GPT-2), >= 1
 * @param contextLength positions the main model has embeddings for, >= 1
 * @param vocabSize the model's vocabulary V (rows of the token embedding; may be a compacted
 *     vocabulary), >= 1
 * @param dropout dropout rate in [0, 1), applied only in training
 * @param maxN longest f-gram, >= 2
 * @param fgramLayers transformer blocks in the f-gram model, >= 0 (0 = baseline)
 * @param seed seeds the parameter initialisation (same config, same initial parameters)
 * @param softmaxCutoffs empty: a full softmax over V tied to the token embedding. Otherwise an
 *     adaptive softmax ({@code AdaptiveSoftmax}) over a vocabulary ordered by frequency: strictly
 *     ascending ids in (0, V), the head [0, c_1) and tail clusters [c_i, c_{i+1}) projected to
 *     d / 4^i. Configs written before this field existed read as empty.
 */
public record ModelConfig(
    int layers,
    int dModel,
    int heads,
    int mlpHidden,
    int contextLength,
    int vocabSize,
    double dropout,
    int maxN,
    int fgramLayers,
    long seed,
    List<Integer> softmaxCutoffs) {

  /** A config with the full (tied) softmax: no cutoffs. */
  public ModelConfig(int layers, int dModel, int heads, int mlpHidden, int contextLength,
      int vocabSize, double dropout, int maxN, int fgramLayers, long seed) {
    this(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout, maxN, fgramLayers,
        seed, List.of());
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private static final String CUTOFFS = "softmax_cutoffs";

  public ModelConfig {
    atLeast("layers", layers, 1);
    atLeast("dModel", dModel, 1);
    atLeast("heads", heads, 1);
    atLeast("mlpHidden", mlpHidden, 1);
    atLeast("contextLength", contextLength, 1);
    atLeast("vocabSize", vocabSize, 1);
    atLeast("maxN", maxN, 2);
    atLeast("fgramLayers", fgramLayers, 0);
    if (dModel % heads != 0) {
      throw new IllegalArgumentException(
          "dModel must be a multiple of heads, got dModel " + dModel + " and heads " + heads);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    softmaxCutoffs = List.copyOf(softmaxCutoffs);
    for (int i = 0; i < softmaxCutoffs.size(); i++) {
      int c = softmaxCutoffs.get(i);
      int low = i == 0 ? 0 : softmaxCutoffs.get(i - 1);
      if (c <= low || c >= vocabSize) {
        throw new IllegalArgumentException("softmaxCutoffs must be strictly ascending in (0, "
            + vocabSize + "), got " + softmaxCutoffs);
      }
      if (tailWidth(dModel, i + 1) < 1) {
        throw new IllegalArgumentException("softmax tail " + (i + 1) + " would be projected to d / 4^"
            + (i + 1) + " < 1 with dModel " + dModel + ": use fewer cutoffs");
      }
    }
  }

  /** Width of adaptive-softmax tail cluster i (1-based): d / 4^i. */
  static int tailWidth(int dModel, int tail) {
    return dModel >> (2 * tail);
  }

  /**
   * The adaptive softmax's cluster bounds 0, c_1, ..., c_k, V: cluster i (0 = the head) is
   * [bounds[i], bounds[i + 1]). A new array each call.
   */
  int[] softmaxBounds() {
    int[] bounds = new int[softmaxCutoffs.size() + 2];
    for (int i = 0; i < softmaxCutoffs.size(); i++) bounds[i + 1] = softmaxCutoffs.get(i);
    bounds[bounds.length - 1] = vocabSize;
    return bounds;
  }

  /** True when the output layer is an adaptive softmax (there are cutoffs). */
  public boolean adaptiveSoftmax() {
    return !softmaxCutoffs.isEmpty();
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  /** GPT-2 proportions (MLP 4 d), no dropout, maxN 5, a one-layer f-gram model, seed 1. */
  public static ModelConfig gpt(
      int layers, int dModel, int heads, int contextLength, int vocabSize) {
    return new ModelConfig(
        layers, dModel, heads, 4 * dModel, contextLength, vocabSize, 0.0, 5, 1, 1);
  }

  /** True when there is an f-gram model (fgramLayers > 0). */
  public boolean hasFgramModel() {
    return fgramLayers > 0;
  }

  /** Width of one attention head, d / heads. */
  public int headSize() {
    return dModel / heads;
  }

  public ModelConfig withFgramLayers(int fgramLayers) {
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout,
        maxN, fgramLayers, seed, softmaxCutoffs);
  }

  public ModelConfig withVocabSize(int vocabSize) {
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout,
        maxN, fgramLayers, seed, softmaxCutoffs);
  }

  public ModelConfig withDropout(double dropout) {
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout,
        maxN, fgramLayers, seed, softmaxCutoffs);
  }

  public ModelConfig withSeed(long seed) {
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout,
        maxN, fgramLayers, seed, softmaxCutoffs);
  }

  public ModelConfig withSoftmaxCutoffs(List<Integer> softmaxCutoffs) {
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout,
        maxN, fgramLayers, seed, softmaxCutoffs);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + this + " as JSON", e);
    }
  }

  /**
   * Parses a config written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming a missing, unknown or invalid field
   */
  public static ModelConfig fromJson(String json) {
    try {
      JsonNode tree = JSON.readTree(json);
      if (tree instanceof ObjectNode fields && !fields.has(CUTOFFS)) {
        fields.putArray(CUTOFFS); // written before adaptive softmax existed: the full softmax
      }
      return JSON.treeToValue(tree, ModelConfig.class);
    } catch (JsonProcessingException e) {
      String why = e.getCause() instanceof IllegalArgumentException
          ? e.getCause().getMessage() // a value the constructor rejected
          : e.getOriginalMessage(); // malformed JSON, a missing or an unknown field
      throw new IllegalArgumentException("invalid model config: " + why, e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model config to " + file, e);
    }
  }

  /** Reads a config file; errors name the file. */
  public static ModelConfig read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model config " + file, e);
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
