package dev.scone.model.bundle;

import ai.djl.Device;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A verified model bundle: a directory holding {@code manifest.json}, {@code config.json},
 * {@code main.params}, {@code fgram.params} (when the model has an f-gram model), {@code
 * token_ids.json}, {@code vocab.arrow}, {@code table.arrow} and, in bundles published since
 * it exists, {@code match.index}.
 *
 * <p>{@link #open} verifies, in this order, and refuses with a {@link BundleException} naming the
 * file, the expected and the found value: the manifest's own SHA-256 (when an announcement gave
 * one); every listed file's presence, size and SHA-256; then consistency: the table follows this
 * vocabulary file ({@code vocab_sha256}), has V + |F| rows and the model's width, the same
 * tokenizer, V and max_n as the vocabulary, and the manifest's model_version, version and dtype;
 * the token id map fits the config and the vocabulary. A caller that gets the exception keeps
 * the version it had. Files a manifest does not list are ignored.
 *
 * <p>After opening: the config, token id map and vocabulary are on the heap; the table is
 * memory-mapped (nothing of it on the heap). Models are loaded on request from the verified
 * files; published bundle directories are never modified, so what was verified is what loads.
 *
 * <p>Thread-safe: the accessors may be used from any thread; {@link #close()} closes the table.
 */
public final class ModelBundle implements AutoCloseable {
  private final Path dir;
  private final BundleManifest manifest;
  private final String manifestSha256;
  private final ModelConfig config;
  private final TokenIdMap tokenIds;
  private final FgramVocabulary vocabulary;
  private final FgramMatcher mappedMatcher; // null: the bundle has no match.index
  private final EmbeddingTable table;

  ModelBundle(Path dir, BundleManifest manifest, String manifestSha256, ModelConfig config, TokenIdMap tokenIds,
      FgramVocabulary vocabulary, FgramMatcher mappedMatcher, EmbeddingTable table) {
    this.dir = dir;
    this.manifest = manifest;
    this.manifestSha256 = manifestSha256;
    this.config = config;
    this.tokenIds = tokenIds;
    this.vocabulary = vocabulary;
    this.mappedMatcher = mappedMatcher;
    this.table = table;
  }

  /** Opens and verifies the bundle in {@code dir} (no announcement: the manifest is trusted as read). */
  public static ModelBundle open(Path dir) throws IOException {
    return BundleOpener.open(dir, null);
  }

  /**
   * Opens and verifies the bundle in {@code dir}, whose {@code manifest.json} must have the
   * SHA-256 {@code manifestSha256} (from a {@link BundleRef}). To open an announcement, use
   * {@link BundleStore#open(BundleRef)}, which also checks that its uri is inside the store.
   */
  public static ModelBundle open(Path dir, String manifestSha256) throws IOException {
    return BundleOpener.open(dir, FileSha256.requireHex("manifestSha256", manifestSha256));
  }

  public Path directory() {
    return dir;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** SHA-256 hex of {@code manifest.json}, what an announcement of this bundle carries. */
  public String manifestSha256() {
    return manifestSha256;
  }

  /** This bundle as a scone.tables announcement, with its directory as a {@code file:} URI. */
  public BundleRef ref() {
    return BundleRef.of(manifest, manifestSha256, dir.toUri().toString());
  }

  /** The model architecture ({@code config.json}); its vocab_size is the model's, not V. */
  public ModelConfig config() {
    return config;
  }

  /** Tokenizer ids (table rows, requests) to and from the model's ids. */
  public TokenIdMap tokenIds() {
    return tokenIds;
  }

  /** The f-gram vocabulary (tokenizer ids) whose ids the table's rows {@code >= V} follow. */
  public FgramVocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * The longest-match rule over this bundle's f-grams: the memory-mapped {@code match.index} when
   * the bundle has one (nothing on the heap, paged in as used), else built from the vocabulary
   * now (bundles published before the index file; O(|F|), about 27 B per f-gram off the heap).
   */
  public FgramMatcher matcher() {
    return mappedMatcher != null ? mappedMatcher : FgramMatcher.build(vocabulary);
  }

  /** Whether {@link #matcher()} maps the bundle's {@code match.index} rather than building one. */
  public boolean hasMatchIndex() {
    return mappedMatcher != null;
  }

  /** The memory-mapped table, V + |F| rows of d; closed with this bundle. */
  public EmbeddingTable table() {
    return table;
  }

  /**
   * Loads the model, owned by the caller.
   *
   * @param withFgramModel false for serving from the table (main model only); true for training
   *     on or refreshing this bundle
   */
  public LanguageModel loadModel(Device device, boolean withFgramModel) {
    return LanguageModel.load(dir, device, withFgramModel);
  }

  @Override
  public void close() {
    table.close();
  }

  @Override
  public String toString() {
    return "ModelBundle[" + dir + ", version " + manifest.version() + ", model " + manifest.modelVersion()
        + ", " + manifest.rows() + " x " + manifest.dim() + " " + manifest.dtype() + "]";
  }
}
