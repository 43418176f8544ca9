package dev.scone.fgram.vocab;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.arrow.MappedArrowFile;
import dev.scone.fgram.arrow.SchemaMetadata;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The f-gram vocabulary file ({@code vocab.arrow}): columns {@code tokens: List<Int32>} and
 * {@code count: Int64}, row = f-gram id, rows in {@link FgramVocabulary}'s rank order. Schema
 * metadata: the common keys ({@code format = scone.vocab}, {@code format_version}, {@code
 * version}, {@code tokenizer}, {@code vocab_size}, {@code max_n}) plus {@code fgrams} (|F|) and
 * {@code source_sha256} (what it was counted from; empty when unknown).
 *
 * <p>Writing publishes atomically with a {@code .sha256} sidecar. Reading verifies the checksum
 * (given, else sidecar), the structure, format, version, column types and rank order, and refuses
 * anything else with a {@link TableFormatException}. Stateless and thread-safe.
 */
public final class VocabularyFile {
  public static final String FORMAT = "scone.vocab";
  static final String FGRAMS = "fgrams";
  static final String SOURCE_SHA256 = "source_sha256";
  private static final int BATCH_ROWS = 65_536;

  /** A vocabulary as read, with the checksum of the file and of what it was counted from. */
  public record Contents(FgramVocabulary vocabulary, String fileSha256, String sourceSha256) {}

  private VocabularyFile() {}

  /**
   * Publishes {@code vocab} at {@code file}.
   *
   * @param sourceSha256 SHA-256 hex of what the counts came from, or empty when unknown
   * @return the SHA-256 hex of the published file (for manifests and announcements)
   */
  public static String write(FgramVocabulary vocab, String sourceSha256, Path file) throws IOException {
    String source = sourceSha256 == null || sourceSha256.isEmpty()
        ? ""
        : FileSha256.requireHex("sourceSha256", sourceSha256);
    FgramVocabulary.Meta m = vocab.meta();
    Map<String, String> metadata = SchemaMetadata.common(FORMAT, m.version(), m.tokenizer(), m.vocabSize(), m.maxN());
    metadata.put(FGRAMS, Integer.toString(vocab.size()));
    metadata.put(SOURCE_SHA256, source);
    try (StagedFile staged = StagedFile.create(file);
        BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(ColumnTypes.vocabulary(), metadata), allocator);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, staged.channel())) {
      writer.start();
      for (int first = 0; first < vocab.size(); first += BATCH_ROWS) {
        fillBatch(root, vocab, first, Math.min(vocab.size(), first + BATCH_ROWS));
        writer.writeBatch();
      }
      writer.end();
      return staged.commit();
    }
  }

  private static void fillBatch(VectorSchemaRoot root, FgramVocabulary vocab, int from, int to) {
    root.allocateNew();
    ListVector tokens = (ListVector) root.getVector(ColumnTypes.TOKENS);
    BigIntVector counts = (BigIntVector) root.getVector(ColumnTypes.COUNT);
    UnionListWriter lists = tokens.getWriter();
    for (int id = from; id < to; id++) {
      lists.setPosition(id - from);
      lists.startList();
      for (int j = 0; j < vocab.length(id); j++) lists.integer().writeInt(vocab.token(id, j));
      lists.endList();
      counts.setSafe(id - from, vocab.count(id));
    }
    root.setRowCount(to - from);
  }

  /** Reads {@code file}, verified against its sidecar when there is one. */
  public static Contents read(Path file) throws IOException {
    return read(file, null);
  }

  /** Reads {@code file}, verified against {@code expectedSha256} (else the sidecar when there is one). */
  public static Contents read(Path file, String expectedSha256) throws IOException {
    MappedArrowFile.SchemaCheck check = schema -> checkSchema(file, schema);
    try (MappedArrowFile mapped = MappedArrowFile.open(file, expectedSha256, true, check)) {
      SchemaMetadata md = new SchemaMetadata(file, mapped.schema.getCustomMetadata());
      FgramVocabulary.Meta meta;
      int fgrams;
      try {
        meta = new FgramVocabulary.Meta(md.string(SchemaMetadata.TOKENIZER), md.intValue(SchemaMetadata.VOCAB_SIZE, 1),
            md.intValue(SchemaMetadata.MAX_N, 2), md.longValue(SchemaMetadata.VERSION, 0));
        fgrams = md.intValue(FGRAMS, 0);
      } catch (IllegalArgumentException e) {
        throw new TableFormatException(file, "inconsistent metadata: " + e.getMessage(), e);
      }
      String source = md.sha256(SOURCE_SHA256, true);
      FgramVocabulary vocab = rebuild(file, mapped, meta, fgrams);
      return new Contents(vocab, mapped.sha256.orElseThrow(), source);
    }
  }

  private static void checkSchema(Path file, Schema schema) throws TableFormatException {
    new SchemaMetadata(file, schema.getCustomMetadata()).requireFormat(FORMAT);
    ColumnTypes.require(file, schema, ColumnTypes.vocabulary());
  }

  private static FgramVocabulary rebuild(Path file, MappedArrowFile mapped, FgramVocabulary.Meta meta, int fgrams)
      throws TableFormatException {
    List<int[]> ngrams = new ArrayList<>(fgrams);
    long[] counts = new long[fgrams];
    try {
      for (int b = 0; b < mapped.batchCount(); b++) {
        VectorSchemaRoot root = mapped.batch(b);
        ListVector tokens = (ListVector) root.getVector(ColumnTypes.TOKENS);
        IntVector items = (IntVector) tokens.getDataVector();
        BigIntVector count = (BigIntVector) root.getVector(ColumnTypes.COUNT);
        int n = root.getRowCount();
        mapped.requireMapped(b, ColumnTypes.TOKENS, tokens.getOffsetBuffer(), n == 0 ? 0 : (n + 1L) * Integer.BYTES);
        mapped.requireMapped(
            b, ColumnTypes.TOKENS, items.getDataBuffer(), (long) items.getValueCount() * Integer.BYTES);
        mapped.requireMapped(b, ColumnTypes.COUNT, count.getDataBuffer(), (long) count.getValueCount() * Long.BYTES);
        if (count.getValueCount() != n) {
          throw new TableFormatException(
              file, "record batch " + b + " has " + count.getValueCount() + " counts for " + n + " rows");
        }
        for (int i = 0; i < root.getRowCount(); i++) {
          if (ngrams.size() == fgrams) {
            throw new TableFormatException(file, "holds more rows than its metadata 'fgrams' says (" + fgrams + ")");
          }
          counts[ngrams.size()] = count.get(i);
          ngrams.add(row(items, tokens.getElementStartIndex(i), tokens.getElementEndIndex(i)));
        }
      }
      if (ngrams.size() != fgrams) {
        throw new TableFormatException(file, "holds " + ngrams.size() + " rows; metadata 'fgrams' says " + fgrams);
      }
      return FgramVocabulary.of(meta, ngrams, counts);
    } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
      throw new TableFormatException(file, "rows are not a valid vocabulary: " + e.getMessage(), e);
    }
  }

  private static int[] row(IntVector items, int start, int end) {
    if (start < 0 || end < start || end > items.getValueCount()) {
      throw new IndexOutOfBoundsException(
          "list offsets [" + start + ", " + end + ") outside " + items.getValueCount() + " tokens");
    }
    int[] g = new int[end - start];
    for (int k = start; k < end; k++) g[k - start] = items.get(k);
    return g;
  }
}
