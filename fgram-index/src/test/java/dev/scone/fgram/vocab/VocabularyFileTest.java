package dev.scone.fgram.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.arrow.SchemaMetadata;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyFileTest {
  @TempDir Path dir;

  @Test
  void randomVocabulariesRoundTripWithTheSameContent() throws Exception {
    Random rnd = new Random(11);
    int[] sizes = {0, 1, 2, 17, 500, 70_000}; // 70,000 spans two record batches
    for (int size : sizes) {
      int vocabSize = 5 + rnd.nextInt(50_000);
      FgramVocabulary vocab = Fixtures.vocabulary(rnd, vocabSize, 2 + rnd.nextInt(4), size, rnd.nextInt(1000));
      Path file = dir.resolve("vocab-" + size + ".arrow");
      String sha = VocabularyFile.write(vocab, Fixtures.SHA_B, file);
      VocabularyFile.Contents back = VocabularyFile.read(file);
      assertTrue(vocab.sameContent(back.vocabulary()), "size " + size + ": " + back.vocabulary());
      assertEquals(sha, back.fileSha256());
      assertEquals(FileSha256.of(file), sha);
      assertEquals(Fixtures.SHA_B, back.sourceSha256());
    }
  }

  @Test
  void unknownSourceIsWrittenAsEmpty() throws Exception {
    FgramVocabulary vocab = Fixtures.vocabulary(new Random(12), 100, 3, 10, 1);
    Path file = dir.resolve("vocab.arrow");
    VocabularyFile.write(vocab, "", file);
    assertEquals("", VocabularyFile.read(file).sourceSha256());
  }

  @Test
  void checksumIsComputedEvenWithoutSidecarOrExpectation() throws Exception {
    FgramVocabulary vocab = Fixtures.vocabulary(new Random(13), 100, 3, 10, 1);
    Path file = dir.resolve("vocab.arrow");
    String sha = VocabularyFile.write(vocab, "", file);
    Files.delete(FileSha256.sidecarOf(file));
    assertEquals(sha, VocabularyFile.read(file).fileSha256());
  }

  @Test
  void damagedVocabularyIsRefusedByItsChecksum() throws Exception {
    FgramVocabulary vocab = Fixtures.vocabulary(new Random(14), 100, 3, 50, 1);
    Path file = dir.resolve("vocab.arrow");
    String sha = VocabularyFile.write(vocab, "", file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("sha256 does not match")
        && e.getMessage().contains(sha), e.getMessage());
    Files.delete(FileSha256.sidecarOf(file));
    e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file, sha));
    assertTrue(e.getMessage().contains("expected " + sha), e.getMessage());
  }

  @Test
  void tableFileIsRefusedAsVocabulary() throws Exception {
    Path file = dir.resolve("table.arrow");
    Fixtures.writeTable(file, Fixtures.meta(3, 4, 2, EmbeddingDtype.FLOAT32, 2), new float[8], new Random(15));
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().contains("wrong format (expected 'scone.vocab', found 'scone.table')"), e.getMessage());
  }

  @Test
  void rowsOutOfRankOrderAreRefused() throws Exception {
    Path file = dir.resolve("unsorted.arrow");
    Fixtures.writeRaw(file, ColumnTypes.vocabulary(), vocabMetadata(3), 3); // three rows [] with count 0
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().contains("not a valid vocabulary"), e.getMessage());
  }

  @Test
  void rowCountDifferentFromFgramsMetadataIsRefused() throws Exception {
    Path file = dir.resolve("short.arrow");
    Fixtures.writeRaw(file, ColumnTypes.vocabulary(), vocabMetadata(5), 0);
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().contains("holds 0 rows; metadata 'fgrams' says 5"), e.getMessage());
  }

  @Test
  void wrongColumnTypesAreRefused() throws Exception {
    Path file = dir.resolve("types.arrow");
    Field item = new Field("item", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    List<Field> fields = List.of(
        new Field("tokens", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item)),
        new Field("count", FieldType.notNullable(new ArrowType.Int(64, true)), null));
    Fixtures.writeRaw(file, fields, vocabMetadata(0), 0);
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().contains(
        "wrong column types (expected tokens: List<Int32>, count: Int64, found tokens: List<Int64>"), e.getMessage());
  }

  @Test
  void unsupportedFormatVersionIsRefused() throws Exception {
    Path file = dir.resolve("v2.arrow");
    Map<String, String> md = vocabMetadata(0);
    md.put("format_version", "2");
    Fixtures.writeRaw(file, ColumnTypes.vocabulary(), md, 0);
    TableFormatException e = assertThrows(TableFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().contains("unsupported format_version (expected 1, found '2')"), e.getMessage());
  }

  /** Single-bit flips outside the row data: refused with a TableFormatException, or the same vocabulary. */
  @Test
  void everyFlipOutsideTheRowDataIsRefusedOrHarmless() throws Exception {
    FgramVocabulary vocab = Fixtures.vocabulary(new Random(16), 1000, 4, 12, 3);
    Path file = dir.resolve("vocab.arrow");
    VocabularyFile.write(vocab, Fixtures.SHA_A, file);
    Files.delete(FileSha256.sidecarOf(file));
    byte[] bytes = Files.readAllBytes(file);
    boolean[] body = Fixtures.bodyBytes(file);
    Random rnd = new Random(17);
    for (int i = 0; i < bytes.length; i++) {
      if (body[i]) continue;
      Fixtures.putByte(file, i, (byte) (bytes[i] ^ (1 << rnd.nextInt(8))));
      try {
        VocabularyFile.Contents back = VocabularyFile.read(file);
        assertTrue(vocab.sameContent(back.vocabulary()) && back.sourceSha256().equals(Fixtures.SHA_A), "flip at " + i);
      } catch (TableFormatException expected) {
        // refused: fine
      } catch (Exception e) {
        throw new AssertionError("flip at byte " + i + " of " + bytes.length + ": " + e, e);
      }
      Fixtures.putByte(file, i, bytes[i]);
    }
  }

  private static Map<String, String> vocabMetadata(int fgrams) {
    Map<String, String> md = SchemaMetadata.common(VocabularyFile.FORMAT, 1, "r50k_base", 100, 5);
    md.put(VocabularyFile.FGRAMS, Integer.toString(fgrams));
    md.put(VocabularyFile.SOURCE_SHA256, "");
    return md;
  }
}
