package dev.scone.fgram.table;

import dev.scone.fgram.arrow.SchemaMetadata;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an embedding table file says about itself (its schema metadata): the tokenizer and f-gram
 * vocabulary it belongs to, its shape ({@code rows = V + |F|} rows of {@code dim} values) and
 * storage ({@code dtype}, {@code batchRows} rows per record batch, the last batch possibly
 * shorter).
 *
 * @param vocabSha256 SHA-256 hex of the {@code vocab.arrow} file whose f-gram ids the rows {@code
 *     >= vocabSize} follow
 * @param modelVersion the f-gram model (and main model) version the rows were computed with
 */
public record EmbeddingTableMeta(
    String tokenizer,
    int vocabSize,
    int maxN,
    long version,
    int dim,
    EmbeddingDtype dtype,
    int rows,
    String vocabSha256,
    String modelVersion,
    int batchRows) {

  public static final String FORMAT = "scone.table";
  /** Rows per record batch unless asked otherwise: 16 MiB batches at d = 256, float32. */
  public static final int DEFAULT_BATCH_ROWS = 16_384;
  /** Largest record batch body; keeps every batch inside one memory mapping. */
  static final long MAX_BATCH_BYTES = 1L << 30;

  static final String DIM = "dim";
  static final String DTYPE = "dtype";
  static final String ROWS = "rows";
  static final String VOCAB_SHA256 = "vocab_sha256";
  static final String MODEL_VERSION = "model_version";
  static final String BATCH_ROWS = "batch_rows";

  public EmbeddingTableMeta {
    if (tokenizer == null || tokenizer.isBlank()) throw new IllegalArgumentException("tokenizer is required");
    if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
    if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
    if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
    if (dim < 1) throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    if (dtype == null) throw new IllegalArgumentException("dtype is required");
    if (rows < vocabSize) {
      throw new IllegalArgumentException(
          "rows (" + rows + ") must be >= vocabSize (" + vocabSize + "): rows are V + |F|");
    }
    vocabSha256 = FileSha256.requireHex("vocabSha256", vocabSha256);
    if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("modelVersion is required");
    if (batchRows < 1) throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    long batchBytes = (long) batchRows * dim * dtype.bytesPerElement();
    if (batchBytes > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "a batch of " + batchRows + " rows x " + dim + " x " + dtype.bytesPerElement() + " bytes is "
              + batchBytes + " bytes; at most " + MAX_BATCH_BYTES + " (lower batchRows)");
    }
  }

  /**
   * The table for {@code vocab} (published as a file whose SHA-256 is {@code vocabSha256}): its
   * tokenizer, V and maxN, {@code V + |F|} rows, default batch size.
   */
  public static EmbeddingTableMeta forVocabulary(
      FgramVocabulary vocab, String vocabSha256, int dim, EmbeddingDtype dtype, String modelVersion, long version) {
    FgramVocabulary.Meta m = vocab.meta();
    long rows = (long) m.vocabSize() + vocab.size();
    if (rows > Integer.MAX_VALUE) throw new IllegalArgumentException("V + |F| = " + rows + " rows exceeds int ids");
    return new EmbeddingTableMeta(
        m.tokenizer(), m.vocabSize(), m.maxN(), version, dim, dtype, (int) rows, vocabSha256, modelVersion,
        DEFAULT_BATCH_ROWS);
  }

  /** The same table laid out in batches of {@code batchRows} rows. */
  public EmbeddingTableMeta withBatchRows(int batchRows) {
    return new EmbeddingTableMeta(
        tokenizer, vocabSize, maxN, version, dim, dtype, rows, vocabSha256, modelVersion, batchRows);
  }

  /** Number of record batches. */
  public int batches() {
    return (int) (((long) rows + batchRows - 1) / batchRows);
  }

  Map<String, String> toMetadata() {
    Map<String, String> m = SchemaMetadata.common(FORMAT, version, tokenizer, vocabSize, maxN);
    m.put(DIM, Integer.toString(dim));
    m.put(DTYPE, dtype.label());
    m.put(ROWS, Integer.toString(rows));
    m.put(VOCAB_SHA256, vocabSha256);
    m.put(MODEL_VERSION, modelVersion);
    m.put(BATCH_ROWS, Integer.toString(batchRows));
    return m;
  }

  static EmbeddingTableMeta fromMetadata(Path file, Map<String, String> metadata) throws TableFormatException {
    SchemaMetadata md = new SchemaMetadata(file, metadata);
    md.requireFormat(FORMAT);
    try {
      return new EmbeddingTableMeta(
          md.string(SchemaMetadata.TOKENIZER),
          md.intValue(SchemaMetadata.VOCAB_SIZE, 1),
          md.intValue(SchemaMetadata.MAX_N, 2),
          md.longValue(SchemaMetadata.VERSION, 0),
          md.intValue(DIM, 1),
          EmbeddingDtype.fromLabel(file, md.string(DTYPE)),
          md.intValue(ROWS, 1),
          md.sha256(VOCAB_SHA256, false),
          md.string(MODEL_VERSION),
          md.intValue(BATCH_ROWS, 1));
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(file, "inconsistent metadata: " + e.getMessage(), e);
    }
  }
}
