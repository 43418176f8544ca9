package dev.scone.training.bundle;

import static dev.scone.training.bundle.BundleFixtures.D;
import static dev.scone.training.bundle.BundleFixtures.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.PrecomputeReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A precompute stopped part-way continues where it stopped and ends with the table an uninterrupted run writes. */
class ResumablePrecomputeTest {
  /** Batches of 3 in chunks of 5: batch composition is what makes rows differ in their last bits. */
  private static final PrecomputeOptions OPTIONS = new PrecomputeOptions(3, 5, 16, false);

  private static LanguageModel model;
  private static TokenIdMap ids;

  @TempDir Path dir;

  @BeforeAll
  static void createModel() {
    model = BundleFixtures.model(13);
    ids = BundleFixtures.compactedIds(5);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @AfterEach
  void noMoreInterruptions() {
    ChunkStore.interruptAfterWrites = 0;
  }

  private PrecomputeReport run(FgramVocabulary vocab, String vocabSha, String name, Path work) throws IOException {
    TableTarget target = new TableTarget(dir.resolve(name + ".arrow"), EmbeddingDtype.FLOAT16, 4);
    return TablePrecompute.of(model, ids, "m1", OPTIONS).full(vocab, vocabSha, work == null ? target : target.resumableIn(work));
  }

  @Test
  void aRunStoppedPartWayFinishesWithTheUninterruptedTableBitForBit() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(2), 37, 1); // 8 chunks, the last partial
    String vocabSha = VocabularyFile.write(vocab, "", dir.resolve("vocab.arrow"));
    PrecomputeReport plain = run(vocab, vocabSha, "plain", null);
    Path work = dir.resolve("work");

    ChunkStore.interruptAfterWrites = 3;
    assertThrows(IllegalStateException.class, () -> run(vocab, vocabSha, "resumed", work));
    assertFalse(Files.exists(dir.resolve("resumed.arrow")));
    assertEquals(3, chunkFiles(work));
    ChunkStore.interruptAfterWrites = 0;

    PrecomputeReport resumed = run(vocab, vocabSha, "resumed", work);
    assertEquals(plain.sha256(), resumed.sha256());
    assertEquals(plain.sha256(), FileSha256.of(dir.resolve("resumed.arrow")));
    assertEquals(plain.fgramRowsComputed(), resumed.fgramRowsComputed());
    assertFalse(Files.exists(work), "the work directory goes once the table is published");
  }

  @Test
  void storedChunksAreReadBackNotComputedAgain() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(3), 12, 1);
    String vocabSha = VocabularyFile.write(vocab, "", dir.resolve("vocab.arrow"));
    Path work = dir.resolve("work");
    ChunkStore.interruptAfterWrites = 1;
    assertThrows(IllegalStateException.class, () -> run(vocab, vocabSha, "t", work));
    ChunkStore.interruptAfterWrites = 0;
    overwriteChunkWithOnes(work.resolve("chunk-00000000.rows"), 5);

    run(vocab, vocabSha, "t", work);
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("t.arrow"))) {
      float[] ones = new float[D];
      java.util.Arrays.fill(ones, 1f);
      for (int i = 0; i < 5; i++) assertArrayEquals(ones, table.row(V + i), "row of f-gram " + i);
      assertFalse(java.util.Arrays.equals(ones, table.row(V + 5)));
    }
  }

  @Test
  void keptRowsOfAnotherVocabularyAreNotUsed() throws IOException {
    FgramVocabulary first = BundleFixtures.vocabulary(new Random(4), 12, 1);
    FgramVocabulary second = BundleFixtures.vocabulary(new Random(5), 12, 2);
    Path work = dir.resolve("work");
    ChunkStore.interruptAfterWrites = 2;
    String firstSha = VocabularyFile.write(first, "", dir.resolve("first.vocab.arrow"));
    assertThrows(IllegalStateException.class, () -> run(first, firstSha, "t", work));
    ChunkStore.interruptAfterWrites = 0;
    String secondSha = VocabularyFile.write(second, "", dir.resolve("second.vocab.arrow"));
    PrecomputeReport resumed = run(second, secondSha, "t", work);
    assertEquals(run(second, secondSha, "plain", null).sha256(), resumed.sha256());
  }

  /** A forger's chunk: the right size and a matching sidecar, every value 1. */
  private static void overwriteChunkWithOnes(Path chunk, int rows) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * rows * D).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(rows).putInt(0);
    while (bytes.hasRemaining()) bytes.putFloat(1f);
    Files.write(chunk, bytes.array());
    Files.writeString(FileSha256.sidecarOf(chunk), FileSha256.of(chunk) + "  " + chunk.getFileName() + "\n");
    assertTrue(Files.isRegularFile(chunk));
  }

  private static long chunkFiles(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".rows")).count();
    }
  }
}
