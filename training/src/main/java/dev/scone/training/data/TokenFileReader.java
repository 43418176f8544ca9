package dev.scone.training.data;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads and checks a {@link TokenFile}. The file is hashed, then read with Arrow's file reader
 * from the same open channel (so the bytes checked are the bytes read) and copied in bulk into
 * one flat int array: ~7 MB for SOTU train, read in tens of milliseconds.
 */
final class TokenFileReader {

  private TokenFileReader() {}

  static TokenFile.Contents read(Path file, TokenFileMeta expected) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      String sha256 = verify(file, channel);
      try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
          ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        Map<String, String> metadata = root.getSchema().getCustomMetadata();
        checkSchema(file, root.getSchema());
        TokenFileMeta meta = meta(file, metadata == null ? Map.of() : metadata);
        if (expected != null) requireExpected(file, expected, meta);
        int documents = count(file, metadata, TokenFile.DOCUMENTS);
        int tokens = count(file, metadata, TokenFile.TOKENS);
        TokenCorpus corpus = rows(file, reader, meta, documents, tokens);
        return new TokenFile.Contents(corpus, meta, sha256);
      } catch (TableFormatException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new TableFormatException(file, "not a readable token file (" + e + ")", e);
      }
    } catch (NoSuchFileException e) {
      throw new TableFormatException(file, "does not exist", e);
    }
  }

  /** The file's bytes against its sidecar; a token file without one is refused. */
  private static String verify(Path file, FileChannel channel) throws IOException {
    String want = FileSha256.readSidecar(file).orElseThrow(() -> new TableFormatException(file,
        "has no " + FileSha256.sidecarOf(file).getFileName() + " sidecar to verify it against"));
    String found = FileSha256.of(channel);
    if (!found.equals(want)) {
      throw new TableFormatException(file, "sha256 does not match its sidecar (expected " + want
          + ", found " + found + "); the file is damaged or was replaced");
    }
    return found;
  }

  private static void checkSchema(Path file, Schema schema) throws TableFormatException {
    Map<String, String> m = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
    String format = m.get(TokenFile.FORMAT_KEY);
    if (!TokenFile.FORMAT.equals(format)) {
      throw new TableFormatException(file, "wrong format (expected '" + TokenFile.FORMAT
          + "', found " + (format == null ? "none" : "'" + format + "'") + ")");
    }
    String version = m.get(TokenFile.FORMAT_VERSION_KEY);
    if (!TokenFile.FORMAT_VERSION.equals(version)) {
      throw new TableFormatException(file, "unsupported format_version (expected "
          + TokenFile.FORMAT_VERSION + ", found " + version + ")");
    }
    String want = describe(TokenFile.columns());
    String found = describe(schema.getFields());
    if (!want.equals(found)) {
      throw new TableFormatException(
          file, "wrong columns (expected " + want + ", found " + found + ")");
    }
  }

  private static String describe(List<Field> fields) {
    List<String> parts = new ArrayList<>();
    for (Field f : fields) {
      List<String> children = new ArrayList<>();
      for (Field c : f.getChildren()) children.add(c.getType().toString());
      parts.add(f.getName() + ": " + f.getType() + children);
    }
    return String.join(", ", parts);
  }

  private static TokenFileMeta meta(Path file, Map<String, String> m) throws TableFormatException {
    try {
      return new TokenFileMeta(required(file, m, TokenFileMeta.TOKENIZER),
          count(file, m, TokenFileMeta.VOCAB_SIZE), required(file, m, TokenFileMeta.CORPUS),
          required(file, m, TokenFileMeta.CORPUS_VERSION), required(file, m, TokenFileMeta.SPLIT),
          required(file, m, TokenFileMeta.SOURCE_SHA256));
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(file, "invalid metadata: " + e.getMessage(), e);
    }
  }

  private static void requireExpected(Path file, TokenFileMeta expected, TokenFileMeta found)
      throws TableFormatException {
    Map<String, String> want = expected.toMap();
    Map<String, String> got = found.toMap();
    for (Map.Entry<String, String> e : want.entrySet()) {
      if (!Objects.equals(e.getValue(), got.get(e.getKey()))) {
        throw new TableFormatException(file, "metadata '" + e.getKey() + "' does not match (expected '"
            + e.getValue() + "', found '" + got.get(e.getKey()) + "')");
      }
    }
  }

  private static String required(Path file, Map<String, String> m, String key)
      throws TableFormatException {
    String v = m.get(key);
    if (v == null) throw new TableFormatException(file, "schema metadata lacks '" + key + "'");
    return v;
  }

  private static int count(Path file, Map<String, String> m, String key)
      throws TableFormatException {
    String v = required(file, m, key);
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TableFormatException(
        file, "metadata '" + key + "' is not a non-negative int (found '" + v + "')");
  }

  /** Copies every record batch's rows into one flat array, checking counts against metadata. */
  private static TokenCorpus rows(Path file, ArrowFileReader reader, TokenFileMeta meta,
      int documents, int tokenCount) throws IOException {
    List<String> ids = new ArrayList<>(documents);
    int[] tokens = new int[tokenCount];
    int[] offsets = new int[documents + 1];
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    for (ArrowBlock block : reader.getRecordBlocks()) {
      reader.loadRecordBatch(block);
      VarCharVector idColumn = (VarCharVector) root.getVector(TokenFile.ID);
      ListVector lists = (ListVector) root.getVector(TokenFile.TOKENS);
      IntBuffer items = ((IntVector) lists.getDataVector()).getDataBuffer()
          .nioBuffer(0, (int) lists.getDataVector().getDataBuffer().capacity())
          .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
      for (int i = 0; i < root.getRowCount(); i++) {
        int d = ids.size();
        if (d == documents) throw tooMany(file, documents);
        if (idColumn.isNull(i) || lists.isNull(i)) {
          throw new TableFormatException(file, "document " + d + " has a null id or token list");
        }
        ids.add(new String(idColumn.get(i), StandardCharsets.UTF_8));
        int from = lists.getElementStartIndex(i);
        int length = lists.getElementEndIndex(i) - from;
        if (length < 0 || (long) offsets[d] + length > tokenCount) {
          throw new TableFormatException(file, "document " + d + " (" + ids.get(d) + ") has "
              + length + " tokens; metadata 'tokens' says " + tokenCount + " in all");
        }
        items.get(from, tokens, offsets[d], length);
        offsets[d + 1] = offsets[d] + length;
      }
    }
    if (ids.size() != documents || offsets[documents] != tokenCount) {
      throw new TableFormatException(file, "holds " + ids.size() + " documents and "
          + offsets[ids.size()] + " tokens; metadata says " + documents + " and " + tokenCount);
    }
    try {
      return new TokenCorpus(meta.tokenizer(), meta.vocabSize(), ids, tokens, offsets);
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(file, "tokens are not valid: " + e.getMessage(), e);
    }
  }

  private static TableFormatException tooMany(Path file, int documents) {
    return new TableFormatException(
        file, "holds more documents than its metadata 'documents' says (" + documents + ")");
  }
}
