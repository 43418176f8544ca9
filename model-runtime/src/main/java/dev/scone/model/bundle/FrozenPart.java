package dev.scone.model.bundle;

import ai.djl.nn.Parameter;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.model.LanguageModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a model's lower part: everything the residual stream before block {@code
 * layers} depends on besides the document's tokens. Two bundles with the same fingerprint compute
 * bit-identical layer-{@code layers} activations for the same tokens, so activations stored under
 * one may finish scoring under the other ({@code rescore}'s recycling). Recorded in a bundle's
 * manifest ({@code "frozen"}) by a warm-start retrain that froze those layers.
 *
 * <p>{@code sha256} covers, in order: a domain tag, the model config (architecture), {@code
 * layers}, the bytes of {@link LanguageModel#lowerParameters} (token embedding, positions, blocks
 * [0, layers)), {@code tableRowsSha256}, and the SHA-256 of {@code vocab.arrow} (which row each
 * position reads) and {@code token_ids.json}. A changed table row, f-gram set or lower weight
 * therefore changes it; the upper blocks and the f-gram model's weights (which reach the lower
 * blocks only through the table) do not.
 *
 * @param layers k, the frozen blocks [0, k)
 * @param sha256 the fingerprint, hex
 * @param tableRowsSha256 SHA-256 of the table's rows as float32 (not the file: a republished table
 *     gets a new version in its metadata while its rows stay bit-identical), hex
 */
public record FrozenPart(int layers, String sha256, String tableRowsSha256) {
  private static final String DOMAIN = "scone.frozen/1";
  private static final int CHUNK_ROWS = 4096;

  public FrozenPart {
    if (layers < 0) throw new IllegalArgumentException("frozen layers must be >= 0, got " + layers);
    if (sha256 == null || sha256.length() != 64) throw new IllegalArgumentException("sha256 must be 64 hex digits");
    if (tableRowsSha256 == null || tableRowsSha256.length() != 64) {
      throw new IllegalArgumentException("table_rows_sha256 must be 64 hex digits");
    }
  }

  /** The fingerprint of {@code model}'s lower {@code layers} blocks as {@code bundle} serves them. */
  public static FrozenPart of(ModelBundle bundle, LanguageModel model, int layers) {
    BundleManifest m = bundle.manifest();
    return of(model, layers, bundle.table(), fileSha(m, BundleFiles.VOCAB), fileSha(m, TokenIdMapFile.NAME));
  }

  /**
   * The fingerprint of {@code model}'s lower {@code layers} blocks reading {@code table}.
   *
   * @param vocabSha256 SHA-256 of the vocabulary file that maps positions to rows
   * @param tokenIdsSha256 SHA-256 of the token id map file
   */
  public static FrozenPart of(LanguageModel model, int layers, EmbeddingLookup table, String vocabSha256,
      String tokenIdsSha256) {
    if (layers > model.config().layers()) {
      throw new IllegalArgumentException("cannot freeze " + layers + " layers of a model with "
          + model.config().layers());
    }
    String rows = tableRowsSha256(table);
    MessageDigest sha = newDigest();
    text(sha, DOMAIN);
    text(sha, model.config().toString());
    text(sha, Integer.toString(layers));
    for (Parameter p : model.lowerParameters(layers)) {
      text(sha, p.getName() + p.getArray().getShape());
      sha.update(p.getArray().toByteArray());
    }
    text(sha, rows);
    text(sha, vocabSha256);
    text(sha, tokenIdsSha256);
    return new FrozenPart(layers, HexFormat.of().formatHex(sha.digest()), rows);
  }

  /** SHA-256 of every row of {@code table}, row by row, as little-endian float32. */
  public static String tableRowsSha256(EmbeddingLookup table) {
    MessageDigest sha = newDigest();
    int chunk = Math.min(CHUNK_ROWS, Math.max(1, table.rows()));
    ByteBuffer rows = ByteBuffer.allocateDirect(chunk * table.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int[] ids = new int[chunk];
    for (int from = 0; from < table.rows(); from += chunk) {
      int count = Math.min(chunk, table.rows() - from);
      for (int i = 0; i < count; i++) ids[i] = from + i;
      rows.clear();
      table.gather(ids, count, rows);
      rows.limit(count * table.dim() * Float.BYTES);
      sha.update(rows);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String fileSha(BundleManifest m, String name) {
    return m.file(name).map(BundleFile::sha256).orElse("");
  }

  /** Length-prefixed, so neighbouring fields cannot run into each other. */
  private static void text(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
