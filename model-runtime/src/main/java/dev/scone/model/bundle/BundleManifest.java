package dev.scone.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scone.fgram.table.EmbeddingDtype;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bundle's {@code manifest.json}: what the bundle is (versions, tokenizer, table shape), where
 * its table rows came from, the caller's training config and eval results as opaque JSON, and the
 * SHA-256 and size of every other file in the bundle. JSON keys are the snake_case component
 * names, e.g. {@code "model_version"}. Immutable.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion the manifest layout; this code reads and writes {@value #FORMAT_VERSION}
 * @param version the bundle's version in its store (the {@code version} announced on scone.tables)
 * @param modelVersion the model the parameters and table rows belong to (the caller's name)
 * @param vocabVersion the f-gram vocabulary's {@code version}
 * @param tableVersion the table's {@code version} metadata (the bundle's version when published)
 * @param createdAt ISO-8601 instant, UTC
 * @param vocabSize V, the tokenizer's vocabulary size
 * @param fgrams |F|
 * @param rows V + |F|
 * @param dim d, the model's width
 * @param dtype the table's storage: {@code float32}, {@code float16} or {@code int8}
 * @param trainingConfig the caller's training configuration (JSON null when none)
 * @param eval the caller's evaluation results (JSON null when none)
 * @param frozen the lower layers a warm-start retrain kept frozen and their fingerprint, or null
 *     (absent from the JSON) when every layer trained; manifests written before it existed read
 *     as null
 */
public record BundleManifest(
    String format,
    int formatVersion,
    long version,
    String modelVersion,
    long vocabVersion,
    long tableVersion,
    String createdAt,
    String tokenizer,
    int vocabSize,
    int fgrams,
    int maxN,
    int rows,
    int dim,
    String dtype,
    PrecomputeReport precompute,
    JsonNode trainingConfig,
    JsonNode eval,
    List<BundleFile> files,
    @JsonInclude(JsonInclude.Include.NON_NULL) FrozenPart frozen) {

  public static final String FORMAT = "scone.bundle";
  public static final int FORMAT_VERSION = 1;
  /** The manifest's own file name; its SHA-256 is what announcements carry. */
  public static final String FILE_NAME = "manifest.json";

  public BundleManifest {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("wrong format (expected '" + FORMAT + "', found '" + format + "')");
    }
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported format_version (expected " + FORMAT_VERSION + ", found " + formatVersion + ")");
    }
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, got " + version);
    requireText("model_version", modelVersion);
    requireText("tokenizer", tokenizer);
    if (vocabVersion < 0 || tableVersion < 0) {
      throw new IllegalArgumentException("vocab_version and table_version must be >= 0, got "
          + vocabVersion + " and " + tableVersion);
    }
    requireInstant(createdAt);
    if (vocabSize < 1 || fgrams < 0 || maxN < 2 || dim < 1) {
      throw new IllegalArgumentException("need vocab_size >= 1, fgrams >= 0, max_n >= 2, dim >= 1; got "
          + vocabSize + ", " + fgrams + ", " + maxN + ", " + dim);
    }
    if ((long) vocabSize + fgrams != rows) {
      throw new IllegalArgumentException("rows (" + rows + ") must be vocab_size + fgrams (" + vocabSize + " + "
          + fgrams + ")");
    }
    Dtypes.fromLabel(dtype);
    if (precompute == null) throw new IllegalArgumentException("precompute is required");
    trainingConfig = trainingConfig == null ? NullNode.getInstance() : trainingConfig.deepCopy();
    eval = eval == null ? NullNode.getInstance() : eval.deepCopy();
    files = List.copyOf(requireUnique(files));
  }

  /** A manifest of a bundle whose layers all trained ({@code frozen} null). */
  public BundleManifest(String format, int formatVersion, long version, String modelVersion, long vocabVersion,
      long tableVersion, String createdAt, String tokenizer, int vocabSize, int fgrams, int maxN, int rows, int dim,
      String dtype, PrecomputeReport precompute, JsonNode trainingConfig, JsonNode eval, List<BundleFile> files) {
    this(format, formatVersion, version, modelVersion, vocabVersion, tableVersion, createdAt, tokenizer, vocabSize,
        fgrams, maxN, rows, dim, dtype, precompute, trainingConfig, eval, files, null);
  }

  /** This manifest with {@code frozen} recorded. */
  public BundleManifest withFrozen(FrozenPart part) {
    return new BundleManifest(format, formatVersion, version, modelVersion, vocabVersion, tableVersion, createdAt,
        tokenizer, vocabSize, fgrams, maxN, rows, dim, dtype, precompute, trainingConfig, eval, files, part);
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(key + " is required");
  }

  private static void requireInstant(String createdAt) {
    try {
      Instant.parse(createdAt);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("created_at must be an ISO-8601 instant, got '" + createdAt + "'", e);
    }
  }

  private static List<BundleFile> requireUnique(List<BundleFile> files) {
    if (files == null) throw new IllegalArgumentException("files is required");
    Set<String> names = new HashSet<>();
    for (BundleFile f : files) {
      if (f == null) throw new IllegalArgumentException("files holds a null entry");
      if (f.name().equals(FILE_NAME)) throw new IllegalArgumentException("the manifest cannot list itself");
      if (!names.add(f.name())) throw new IllegalArgumentException("files lists " + f.name() + " twice");
    }
    return files;
  }

  /** The table's storage type. */
  public EmbeddingDtype embeddingDtype() {
    return Dtypes.fromLabel(dtype);
  }

  public Instant createdInstant() {
    return Instant.parse(createdAt);
  }

  /** The entry for {@code name}, if the manifest lists it. */
  public Optional<BundleFile> file(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The training config read back as the caller's record type (snake_case keys).
   *
   * @throws IllegalArgumentException when it does not fit {@code type}
   */
  public <T> T trainingConfig(Class<T> type) {
    return BundleJson.value(trainingConfig, type);
  }

  /** The eval results read back as the caller's record type (snake_case keys). */
  public <T> T eval(Class<T> type) {
    return BundleJson.value(eval, type);
  }
}
