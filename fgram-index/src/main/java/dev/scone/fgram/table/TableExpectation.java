package dev.scone.fgram.table;

import dev.scone.fgram.arrow.SchemaMetadata;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a caller requires of an embedding table before using it; {@code null} fields are not
 * checked. {@link EmbeddingTable#open} refuses a file that differs in any given field with a
 * {@link TableFormatException} naming the field, the expected and the found value.
 *
 * @param fileSha256 SHA-256 hex of the table file itself (from a manifest or announcement); when
 *     null the {@code <file>.sha256} sidecar is used if present
 * @param vocabSha256 SHA-256 hex of the vocabulary file the rows must follow
 */
public record TableExpectation(
    String fileSha256, String vocabSha256, Integer vocabSize, Integer maxN, Integer dim, Integer rows,
    String tokenizer) {

  public TableExpectation {
    if (fileSha256 != null) fileSha256 = FileSha256.requireHex("fileSha256", fileSha256);
    if (vocabSha256 != null) vocabSha256 = FileSha256.requireHex("vocabSha256", vocabSha256);
  }

  /** Checks nothing but the file's own integrity (sidecar, structure, format). */
  public static TableExpectation any() {
    return new TableExpectation(null, null, null, null, null, null, null);
  }

  /** A table for {@code vocab}, published as the file with SHA-256 {@code vocabSha256}: V + |F| rows. */
  public static TableExpectation forVocabulary(FgramVocabulary vocab, String vocabSha256) {
    FgramVocabulary.Meta m = vocab.meta();
    return new TableExpectation(
        null, vocabSha256, m.vocabSize(), m.maxN(), null, m.vocabSize() + vocab.size(), m.tokenizer());
  }

  public TableExpectation withFileSha256(String sha256) {
    return new TableExpectation(sha256, vocabSha256, vocabSize, maxN, dim, rows, tokenizer);
  }

  public TableExpectation withVocabSha256(String sha256) {
    return new TableExpectation(fileSha256, sha256, vocabSize, maxN, dim, rows, tokenizer);
  }

  public TableExpectation withVocabSize(int v) {
    return new TableExpectation(fileSha256, vocabSha256, v, maxN, dim, rows, tokenizer);
  }

  public TableExpectation withMaxN(int n) {
    return new TableExpectation(fileSha256, vocabSha256, vocabSize, n, dim, rows, tokenizer);
  }

  public TableExpectation withDim(int d) {
    return new TableExpectation(fileSha256, vocabSha256, vocabSize, maxN, d, rows, tokenizer);
  }

  public TableExpectation withRows(int r) {
    return new TableExpectation(fileSha256, vocabSha256, vocabSize, maxN, dim, r, tokenizer);
  }

  public TableExpectation withTokenizer(String t) {
    return new TableExpectation(fileSha256, vocabSha256, vocabSize, maxN, dim, rows, t);
  }

  /** Refuses {@code meta} where it differs from a field given here. */
  void check(Path file, EmbeddingTableMeta meta) throws TableFormatException {
    require(file, EmbeddingTableMeta.VOCAB_SHA256, vocabSha256, meta.vocabSha256());
    require(file, SchemaMetadata.VOCAB_SIZE, vocabSize, meta.vocabSize());
    require(file, SchemaMetadata.MAX_N, maxN, meta.maxN());
    require(file, EmbeddingTableMeta.DIM, dim, meta.dim());
    require(file, EmbeddingTableMeta.ROWS, rows, meta.rows());
    require(file, SchemaMetadata.TOKENIZER, tokenizer, meta.tokenizer());
  }

  private static void require(Path file, String key, Object expected, Object found) throws TableFormatException {
    if (expected != null && !Objects.equals(expected, found)) {
      throw new TableFormatException(file, key + " does not match (expected " + expected + ", found " + found + ")");
    }
  }
}
