package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.vocab.VocabularyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTableRefusalTest {
  @TempDir Path dir;
  private Path file;
  private String sha;
  private byte[] bytes;
  private final EmbeddingTableMeta meta = Fixtures.meta(3, 7, 5, EmbeddingDtype.INT8, 3);

  @BeforeEach
  void writeGoodTable() throws Exception {
    file = dir.resolve("table.arrow");
    sha = Fixtures.writeTable(file, meta, Fixtures.values(new Random(21), 35, 2f), new Random(21));
    bytes = Files.readAllBytes(file);
  }

  private TableFormatException refused(TableExpectation expectation) {
    TableFormatException e = assertThrows(TableFormatException.class, () -> EmbeddingTable.open(file, expectation));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
    return e;
  }

  private TableFormatException refused() {
    return refused(TableExpectation.any());
  }

  private static void assertMentions(TableFormatException e, String... parts) {
    for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Files.write(file, new byte[0]);
    Files.delete(FileSha256.sidecarOf(file));
    assertMentions(refused(), "empty file (0 bytes)");
  }

  @Test
  void nonArrowFileIsRefused() throws Exception {
    Files.writeString(file, "tokens,count\n1 2,5\n3 4,2\nnot an arrow file at all\n");
    Files.delete(FileSha256.sidecarOf(file));
    assertMentions(refused(), "not an Arrow IPC file", "expected magic ARROW1", "found 'tokens'");
  }

  @Test
  void truncatedFilesAreRefusedWithAndWithoutChecksum() throws Exception {
    int footerLength = bytes.length - 10 - footerStart();
    int[] cuts = {1, 6, 8, 20, bytes.length / 3, bytes.length / 2, footerStart(), footerStart() + footerLength / 2,
        bytes.length - 10, bytes.length - 4, bytes.length - 1};
    for (int cut : cuts) {
      Files.write(file, java.util.Arrays.copyOf(bytes, cut));
      assertMentions(refused(), "sha256 does not match");
    }
    Files.delete(FileSha256.sidecarOf(file));
    for (int cut : cuts) {
      Files.write(file, java.util.Arrays.copyOf(bytes, cut));
      TableFormatException e = refused();
      assertTrue(e.getMessage().contains("too short") || e.getMessage().contains("truncated"),
          "cut " + cut + ": " + e.getMessage());
    }
  }

  @Test
  void flippedRowByteIsRefusedByTheSidecarOrTheGivenChecksum() throws Exception {
    long bodyStart = blocks().get(0).getOffset() + blocks().get(0).getMetadataLength();
    bytes[(int) bodyStart + 40] ^= 0x04;
    Files.write(file, bytes);
    assertMentions(refused(), "sha256 does not match (from table.arrow.sha256) (expected " + sha + ", found ");
    Files.delete(FileSha256.sidecarOf(file));
    assertMentions(refused(TableExpectation.any().withFileSha256(sha)), "sha256 does not match (expected " + sha);
  }

  @Test
  void tableWithWrongExpectedShaIsRefusedEvenWhenIntact() {
    assertMentions(refused(TableExpectation.any().withFileSha256(Fixtures.SHA_B)),
        "expected " + Fixtures.SHA_B + ", found " + sha);
  }

  @Test
  void malformedSidecarIsRefused() throws Exception {
    Files.writeString(FileSha256.sidecarOf(file), "not-a-hash  table.arrow\n");
    TableFormatException e = assertThrows(TableFormatException.class, () -> EmbeddingTable.open(file));
    assertMentions(e, "table.arrow.sha256", "expected 64 hex digits, found 'not-a-hash'");
  }

  @Test
  void flippedMetadataBytesAreRefusedWithoutChecksum() throws Exception {
    Files.delete(FileSha256.sidecarOf(file));
    for (String text : new String[] {"scone.table", Fixtures.SHA_A, "r50k_base", "model_version"}) {
      byte[] needle = text.getBytes(StandardCharsets.UTF_8);
      for (int copy = 0; copy < 2; copy++) { // the stream's schema and the footer's copy
        int at = Fixtures.indexOf(bytes, needle, copy);
        assertTrue(at >= 0, text + " copy " + copy);
        byte[] damaged = bytes.clone();
        damaged[at + needle.length / 2] ^= 0x01;
        Files.write(file, damaged);
        refused();
      }
    }
  }

  /**
   * Every single-bit flip outside the batch bodies (magic, schema, batch headers, footer) is
   * either refused with a TableFormatException or leaves metadata and rows exactly as written;
   * no other exception, no wrong rows.
   */
  @Test
  void everyFlipOutsideTheRowDataIsRefusedOrHarmless() throws Exception {
    Files.delete(FileSha256.sidecarOf(file));
    List<float[]> rows = new ArrayList<>();
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      for (int r = 0; r < t.rows(); r++) rows.add(t.row(r));
    }
    boolean[] body = Fixtures.bodyBytes(file);
    Random rnd = new Random(22);
    int refusedCount = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (body[i]) continue;
      Fixtures.putByte(file, i, (byte) (bytes[i] ^ (1 << rnd.nextInt(8))));
      try (EmbeddingTable t = EmbeddingTable.open(file)) {
        assertEquals(meta, t.metadata(), "flip at " + i);
        for (int r = 0; r < rows.size(); r++) assertArrayEquals(rows.get(r), t.row(r), "flip at " + i + ", row " + r);
      } catch (TableFormatException expected) {
        refusedCount++;
      } catch (Exception | AssertionError e) {
        fail("flip at byte " + i + " of " + bytes.length + ": " + e, e);
      }
      Fixtures.putByte(file, i, bytes[i]);
    }
    assertTrue(refusedCount > 0);
  }

  @Test
  void vocabularyFileIsRefusedAsTable() throws Exception {
    Path vocab = dir.resolve("vocab.arrow");
    VocabularyFile.write(Fixtures.vocabulary(new Random(23), 10, 3, 4, 1), "", vocab);
    TableFormatException e = assertThrows(TableFormatException.class, () -> EmbeddingTable.open(vocab));
    assertMentions(e, "wrong format (expected 'scone.table', found 'scone.vocab')");
  }

  @Test
  void unsupportedFormatVersionIsRefused() throws Exception {
    Map<String, String> md = meta.toMetadata();
    md.put("format_version", "2");
    rewriteRaw(ColumnTypes.table(meta.dim(), meta.dtype()), md);
    assertMentions(refused(), "unsupported format_version (expected 1, found '2')");
  }

  @Test
  void missingOrMalformedMetadataIsRefused() throws Exception {
    Map<String, String> md = meta.toMetadata();
    md.remove("vocab_sha256");
    rewriteRaw(ColumnTypes.table(meta.dim(), meta.dtype()), md);
    assertMentions(refused(), "schema metadata lacks 'vocab_sha256'");
    md = meta.toMetadata();
    md.put("dim", "five");
    rewriteRaw(ColumnTypes.table(meta.dim(), meta.dtype()), md);
    assertMentions(refused(), "metadata 'dim' is not an integer (found 'five')");
    md = meta.toMetadata();
    md.put("dtype", "bfloat16");
    rewriteRaw(ColumnTypes.table(meta.dim(), meta.dtype()), md);
    assertMentions(refused(), "unknown dtype (expected float32, float16 or int8, found 'bfloat16')");
  }

  @Test
  void wrongColumnTypesAreRefused() throws Exception {
    ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    Field doubles = new Field("item", FieldType.notNullable(float64), null);
    Field embedding = new Field("embedding", FieldType.notNullable(new ArrowType.FixedSizeList(5)), List.of(doubles));
    rewriteRaw(List.of(embedding), meta.toMetadata());
    assertMentions(refused(), "wrong column types (expected embedding: FixedSizeList<Int8>[5], scale: Float32, "
        + "found embedding: FixedSizeList<Float64>[5])");
    rewriteRaw(ColumnTypes.table(4, EmbeddingDtype.INT8), meta.toMetadata()); // dim 4 columns, dim 5 metadata
    assertMentions(refused(), "found embedding: FixedSizeList<Int8>[4], scale: Float32");
    rewriteRaw(ColumnTypes.table(5, EmbeddingDtype.FLOAT16), meta.toMetadata());
    assertMentions(refused(), "found embedding: FixedSizeList<Float16>[5])");
  }

  @Test
  void rowCountDifferentFromMetadataIsRefused() throws Exception {
    Files.delete(file);
    Files.delete(FileSha256.sidecarOf(file));
    EmbeddingTableMeta threeRows = Fixtures.meta(3, 3, 5, EmbeddingDtype.INT8, 3);
    Fixtures.writeRaw(file, ColumnTypes.table(5, EmbeddingDtype.INT8), threeRows.toMetadata(), 6);
    assertMentions(refused(), "record batch 0 has 6 rows (expected 3)");
  }

  @Test
  void tableForAnotherVocabularyOrShapeIsRefused() {
    TableExpectation any = TableExpectation.any();
    assertMentions(refused(any.withVocabSha256(Fixtures.SHA_B)),
        "vocab_sha256 does not match (expected " + Fixtures.SHA_B + ", found " + Fixtures.SHA_A + ")");
    assertMentions(refused(any.withVocabSize(4)), "vocab_size does not match (expected 4, found 3)");
    assertMentions(refused(any.withDim(6)), "dim does not match (expected 6, found 5)");
    assertMentions(refused(any.withRows(8)), "rows does not match (expected 8, found 7)");
    assertMentions(refused(any.withMaxN(4)), "max_n does not match (expected 4, found 5)");
    assertMentions(refused(any.withTokenizer("cl100k_base")),
        "tokenizer does not match (expected cl100k_base, found r50k_base)");
  }

  @Test
  void matchingExpectationOpens() throws Exception {
    TableExpectation all = new TableExpectation(sha, Fixtures.SHA_A, 3, 5, 5, 7, "r50k_base");
    try (EmbeddingTable t = EmbeddingTable.open(file, all)) {
      assertEquals(7, t.rows());
    }
  }

  private void rewriteRaw(List<Field> fields, Map<String, String> metadata) throws Exception {
    Files.deleteIfExists(file);
    Files.deleteIfExists(FileSha256.sidecarOf(file));
    Fixtures.writeRaw(file, fields, metadata, 3);
  }

  private int footerStart() {
    int footerLength =
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 10, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    return bytes.length - 10 - footerLength;
  }

  private List<ArrowBlock> blocks() throws Exception {
    return Fixtures.blocks(file);
  }
}
