package dev.scone.training.data;

import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The token file ({@code *.tokens.arrow}): an Arrow IPC file with one row per document, columns
 * {@code id: Utf8} and {@code tokens: List<Int32>}, rows in corpus order. Schema metadata:
 * {@code format = scone.tokens}, {@code format_version = 1}, the {@link TokenFileMeta} keys
 * ({@code tokenizer}, {@code vocab_size}, {@code corpus}, {@code corpus_version}, {@code split},
 * {@code source_sha256}) and the counts {@code documents} and {@code tokens}.
 *
 * <p>Writing publishes atomically (temporary name, fsync, rename) with a {@code .sha256}
 * sidecar. Reading verifies the sidecar, the format, the columns, the
 * counts, every token's range and, when given, the expected metadata, and refuses anything else
 * with a {@link dev.scone.fgram.arrow.TableFormatException}. Stateless and thread-safe.
 */
public final class TokenFile {

  public static final String FORMAT = "scone.tokens";
  static final String FORMAT_KEY = "format";
  static final String FORMAT_VERSION_KEY = "format_version";
  static final String FORMAT_VERSION = "1";
  static final String DOCUMENTS = "documents";
  static final String TOKENS = "tokens";
  static final String ID = "id";
  /** Documents are grouped into record batches of about this many tokens (4 MiB of Int32). */
  private static final int BATCH_TOKENS = 1 << 20;

  /** A token file as read: its tokens, its metadata and the SHA-256 of its bytes. */
  public record Contents(TokenCorpus corpus, TokenFileMeta meta, String fileSha256) {}

  private TokenFile() {}

  /** The columns: {@code id: Utf8, tokens: List<Int32>}. */
  static List<Field> columns() {
    Field item = new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null);
    return List.of(
        new Field(ID, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field(TOKENS, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item)));
  }

  /**
   * Publishes {@code corpus} at {@code file}.
   *
   * @return the SHA-256 hex of the published file
   * @throws IllegalArgumentException when the corpus's tokenizer or V differ from {@code meta}'s
   */
  public static String write(TokenCorpus corpus, TokenFileMeta meta, Path file) throws IOException {
    if (!corpus.tokenizer().equals(meta.tokenizer()) || corpus.vocabSize() != meta.vocabSize()) {
      throw new IllegalArgumentException("corpus is " + corpus.tokenizer() + " V="
          + corpus.vocabSize() + " but the metadata says " + meta.tokenizer() + " V="
          + meta.vocabSize());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(FORMAT_KEY, FORMAT);
    metadata.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
    metadata.putAll(meta.toMap());
    metadata.put(DOCUMENTS, Integer.toString(corpus.documents()));
    metadata.put(TOKENS, Integer.toString(corpus.size()));
    int[] tokens = corpus.tokens();
    try (StagedFile staged = StagedFile.create(file);
        BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(columns(), metadata), allocator);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, staged.channel())) {
      writer.start();
      for (int first = 0; first < corpus.documents(); ) {
        int last = first + 1;
        while (last < corpus.documents() && corpus.end(last) - corpus.start(first) <= BATCH_TOKENS) {
          last++;
        }
        fillBatch(root, corpus, tokens, first, last);
        writer.writeBatch();
        first = last;
      }
      writer.end();
      return staged.commit();
    }
  }

  /** Documents [from, to) into the root's vectors. */
  private static void fillBatch(VectorSchemaRoot root, TokenCorpus corpus, int[] tokens, int from,
      int to) {
    root.allocateNew();
    VarCharVector ids = (VarCharVector) root.getVector(ID);
    ListVector lists = (ListVector) root.getVector(TOKENS);
    IntVector items = (IntVector) lists.getDataVector();
    int written = 0;
    for (int d = from; d < to; d++) {
      ids.setSafe(d - from, corpus.id(d).getBytes(StandardCharsets.UTF_8));
      int start = lists.startNewValue(d - from);
      int length = corpus.end(d) - corpus.start(d);
      for (int j = 0; j < length; j++) items.setSafe(start + j, tokens[corpus.start(d) + j]);
      lists.endValue(d - from, length);
      written += length;
    }
    items.setValueCount(written);
    root.setRowCount(to - from);
  }

  /** Reads {@code file}, verified against its sidecar; any metadata is accepted. */
  public static Contents read(Path file) throws IOException {
    return TokenFileReader.read(file, null);
  }

  /**
   * Reads {@code file}, verified against its sidecar, and refuses it unless its metadata equals
   * {@code expected} (the error names the first key that differs).
   */
  public static Contents read(Path file, TokenFileMeta expected) throws IOException {
    return TokenFileReader.read(file, expected);
  }
}
