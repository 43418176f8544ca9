package dev.scone.model.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.scone.fgram.files.FileSha256;

/**
 * A published bundle as announced on the {@code scone.tables} topic (key: the version):
 *
 * <pre>{@code
 * {"schema_version": 1, "version": 7, "vocab_version": 3, "model_version": "m5",
 *  "uri": "file:///store/bundles/v000007/", "sha256": "<manifest.json's SHA-256>",
 *  "rows": 50357, "dim": 256, "dtype": "float32"}
 * }</pre>
 *
 * A reader opens it with {@link BundleStore#open(BundleRef)}, which refuses a uri outside the
 * store and a manifest whose SHA-256 or fields differ from the announcement. Immutable.
 *
 * @param version the bundle's version in its store (also its table's version)
 * @param sha256 SHA-256 hex of the bundle's {@code manifest.json}, which holds every other file's
 * @param uri the bundle directory, a {@code file:} URI
 * @param rows V + |F| table rows
 * @param dtype {@code float32}, {@code float16} or {@code int8}
 * @param schemaVersion the message schema, {@value #SCHEMA_VERSION}
 */
@JsonPropertyOrder({"schema_version", "version", "vocab_version", "model_version", "uri", "sha256", "rows", "dim",
    "dtype"})
public record BundleRef(
    long version, long vocabVersion, String modelVersion, String uri, String sha256, int rows, int dim,
    String dtype, int schemaVersion) {

  public static final int SCHEMA_VERSION = 1;

  public BundleRef {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "unsupported schema_version (expected " + SCHEMA_VERSION + ", found " + schemaVersion + ")");
    }
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, got " + version);
    if (vocabVersion < 0) throw new IllegalArgumentException("vocab_version must be >= 0, got " + vocabVersion);
    if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("model_version is required");
    if (uri == null || uri.isBlank()) throw new IllegalArgumentException("uri is required");
    sha256 = FileSha256.requireHex("sha256", sha256);
    if (rows < 1 || dim < 1) throw new IllegalArgumentException("rows and dim must be >= 1, got " + rows + ", " + dim);
    Dtypes.fromLabel(dtype);
  }

  /** The announcement of the bundle at {@code uri} whose manifest is {@code manifest}, SHA-256 {@code sha256}. */
  public static BundleRef of(BundleManifest manifest, String sha256, String uri) {
    return new BundleRef(manifest.version(), manifest.vocabVersion(), manifest.modelVersion(), uri, sha256,
        manifest.rows(), manifest.dim(), manifest.dtype(), SCHEMA_VERSION);
  }

  /** The message value, one line of UTF-8 JSON. */
  public String toJson() {
    try {
      return BundleJson.MESSAGES.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + this + " as JSON", e);
    }
  }

  /**
   * Parses a message value; keys it does not know are ignored (a newer producer's additions).
   *
   * @throws IllegalArgumentException naming the missing or invalid field, or malformed JSON
   */
  public static BundleRef fromJson(String json) {
    try {
      return BundleJson.MESSAGES.readValue(json, BundleRef.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid scone.tables message: " + BundleJson.why(e), e);
    }
  }
}
