package dev.scone.training.bundle;

import static dev.scone.training.bundle.BundleFixtures.D;
import static dev.scone.training.bundle.BundleFixtures.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.TableExpectation;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.PrecomputeReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablePrecomputeTest {
  /**
   * Small chunks and record batches, so every boundary is crossed. One f-gram per forward pass:
   * PyTorch's matrix products round differently for different batch sizes (last bits), so only
   * batches of one make an f-gram's row independent of its neighbours and comparable exactly.
   */
  private static final PrecomputeOptions EXACT = new PrecomputeOptions(1, 7, 32, false);
  /** Batches of 3 f-grams within chunks of 7: rows agree with a one-call reference to rounding. */
  private static final PrecomputeOptions BATCHED = new PrecomputeOptions(3, 7, 32, false);

  private static LanguageModel model;
  private static TokenIdMap ids;

  @TempDir Path dir;

  @BeforeAll
  static void createModel() {
    model = BundleFixtures.model(11);
    ids = BundleFixtures.compactedIds(5);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  private static TablePrecompute precompute(String modelVersion) {
    return TablePrecompute.of(model, ids, modelVersion, EXACT);
  }

  /** What the table must hold, computed the plain way: one call for all rows, one f-gram per pass. */
  private static float[][] expectedRows(FgramVocabulary vocab) {
    float[] embedding = model.tokenRows();
    float[] fgrams = model.fgramRows(BundleFixtures.modelFgrams(vocab, ids), 1);
    float[][] rows = new float[V + vocab.size()][];
    for (int t = 0; t < V; t++) {
      int m = ids.toModel(t);
      rows[t] = java.util.Arrays.copyOfRange(embedding, m * D, (m + 1) * D);
    }
    for (int i = 0; i < vocab.size(); i++) rows[V + i] = java.util.Arrays.copyOfRange(fgrams, i * D, (i + 1) * D);
    return rows;
  }

  private PrecomputeReport writeFull(FgramVocabulary vocab, EmbeddingDtype dtype, String name) throws IOException {
    return writeFull(precompute("m1"), vocab, dtype, name);
  }

  private PrecomputeReport writeFull(TablePrecompute precompute, FgramVocabulary vocab, EmbeddingDtype dtype,
      String name) throws IOException {
    String vocabSha = VocabularyFile.write(vocab, "", dir.resolve(name + ".vocab.arrow"));
    return precompute.full(vocab, vocabSha, new TableTarget(dir.resolve(name + ".arrow"), dtype, 3));
  }

  @Test
  void float32TableHoldsTokenRowsInTokenizerSpaceThenFgramRowsExactly() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(1), 24, 2);
    PrecomputeReport report = writeFull(vocab, EmbeddingDtype.FLOAT32, "t");
    assertEquals(V + 24, report.rows());
    assertEquals(V, report.tokenRows());
    assertEquals(24, report.fgramRowsComputed());
    assertEquals(0, report.fgramRowsCopied());
    float[][] expected = expectedRows(vocab);
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("t.arrow"),
        TableExpectation.any().withFileSha256(report.sha256()))) {
      assertEquals("m1", table.metadata().modelVersion());
      assertEquals(3, table.metadata().version());
      for (int row = 0; row < expected.length; row++) {
        assertArrayEquals(expected[row], table.row(row), "row " + row);
      }
    }
  }

  @Test
  void batchedFgramRowsAgreeWithTheModelToRounding() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(9), 40, 2);
    writeFull(TablePrecompute.of(model, ids, "m1", BATCHED), vocab, EmbeddingDtype.FLOAT32, "b");
    float[][] expected = expectedRows(vocab);
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("b.arrow"))) {
      for (int row = 0; row < expected.length; row++) {
        float[] found = table.row(row);
        for (int j = 0; j < D; j++) {
          assertEquals(expected[row][j], found[j], 1e-5f * (1 + Math.abs(expected[row][j])), "row " + row);
        }
      }
    }
  }

  @Test
  void unknownTokensShareTheUnknownIdsEmbedding() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(2), 5, 1);
    writeFull(vocab, EmbeddingDtype.FLOAT32, "u");
    List<Integer> unknown = new ArrayList<>();
    for (int t = 0; t < V; t++) if (ids.toModel(t) == BundleFixtures.M - 1) unknown.add(t);
    assertEquals(V - (BundleFixtures.M - 1), unknown.size());
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("u.arrow"))) {
      for (int t : unknown) assertArrayEquals(table.row(unknown.get(0)), table.row(t), "token " + t);
    }
  }

  @Test
  void int8RowsAreWithinHalfTheirScaleOfTheModelsRows() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(3), 16, 1);
    writeFull(vocab, EmbeddingDtype.INT8, "q");
    float[][] expected = expectedRows(vocab);
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("q.arrow"))) {
      for (int row = 0; row < expected.length; row++) {
        float maxAbs = 0;
        for (float v : expected[row]) maxAbs = Math.max(maxAbs, Math.abs(v));
        float bound = maxAbs / 127f / 2f * 1.0001f + 1e-7f; // scale / 2, plus float rounding
        float[] found = table.row(row);
        for (int j = 0; j < D; j++) {
          float error = Math.abs(found[j] - expected[row][j]);
          assertTrue(error <= bound, "row " + row + " col " + j + ": error " + error + " > " + bound);
        }
      }
    }
  }

  @Test
  void float16RowsAreTheModelsRowsRoundedToHalfPrecision() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(4), 16, 1);
    writeFull(vocab, EmbeddingDtype.FLOAT16, "h");
    float[][] expected = expectedRows(vocab);
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve("h.arrow"))) {
      for (int row = 0; row < expected.length; row++) {
        float[] found = table.row(row);
        for (int j = 0; j < D; j++) {
          float error = Math.abs(found[j] - expected[row][j]);
          // float16 keeps 11 significant bits: relative error <= 2^-11 (normal range)
          assertTrue(error <= Math.abs(expected[row][j]) * 0x1p-11f + 1e-7f, "row " + row + " col " + j);
        }
      }
    }
  }

  @Test
  void refreshComputesOnlyNewFgramsAndEqualsAFullPrecomputeOfTheNewVocabulary() throws IOException {
    Random random = new Random(5);
    List<int[]> old = BundleFixtures.randomFgrams(random, 10);
    FgramVocabulary oldVocab = BundleFixtures.vocabulary(old, random, 1);
    List<int[]> next = new ArrayList<>(old.subList(2, 8)); // 6 kept; new counts move their ids
    List<int[]> fresh = BundleFixtures.randomFgrams(new Random(6), 30);
    int added = 0;
    for (int[] g : fresh) {
      if (added == 3) break;
      if (old.stream().noneMatch(o -> java.util.Arrays.equals(o, g))) {
        next.add(g);
        added++;
      }
    }
    FgramVocabulary newVocab = BundleFixtures.vocabulary(next, random, 2);
    // float32 copies exact values; int8 decodes q * scale and re-quantizes it to the same q and scale.
    for (EmbeddingDtype dtype : List.of(EmbeddingDtype.FLOAT32, EmbeddingDtype.INT8)) {
      String name = dtype.label();
      writeFull(oldVocab, dtype, name + "-old");
      PrecomputeReport full = writeFull(newVocab, dtype, name + "-full");
      String newSha = VocabularyFile.write(newVocab, "", dir.resolve(name + "-new.vocab.arrow"));
      PrecomputeReport refreshed;
      try (EmbeddingTable oldTable = EmbeddingTable.open(dir.resolve(name + "-old.arrow"))) {
        refreshed = precompute("m1").refresh(newVocab, newSha,
            new TableTarget(dir.resolve(name + "-refreshed.arrow"), dtype, 3), oldVocab, oldTable);
      }
      assertEquals(3, refreshed.fgramRowsComputed(), name);
      assertEquals(6, refreshed.fgramRowsCopied(), name);
      assertEquals(3, refreshed.copiedFromTableVersion(), name);
      assertTablesEqual(dir.resolve(name + "-full.arrow"), dir.resolve(name + "-refreshed.arrow"));
      assertEquals(full.rows(), refreshed.rows());
    }
  }

  private static void assertTablesEqual(Path expected, Path found) throws IOException {
    try (EmbeddingTable a = EmbeddingTable.open(expected); EmbeddingTable b = EmbeddingTable.open(found)) {
      assertEquals(a.rows(), b.rows());
      for (int row = 0; row < a.rows(); row++) assertArrayEquals(a.row(row), b.row(row), found + " row " + row);
    }
  }

  @Test
  void refreshRefusesATableOfAnotherModelVersionOrDtype() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(7), 10, 1);
    writeFull(vocab, EmbeddingDtype.FLOAT32, "old");
    String sha = VocabularyFile.write(vocab, "", dir.resolve("n.vocab.arrow"));
    try (EmbeddingTable oldTable = EmbeddingTable.open(dir.resolve("old.arrow"))) {
      IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> precompute("m2")
          .refresh(vocab, sha, new TableTarget(dir.resolve("n.arrow"), EmbeddingDtype.FLOAT32, 4), vocab, oldTable));
      assertTrue(version.getMessage().contains("model_version does not match (expected m2, found m1)"),
          version.getMessage());
      IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class, () -> precompute("m1")
          .refresh(vocab, sha, new TableTarget(dir.resolve("n.arrow"), EmbeddingDtype.INT8, 4), vocab, oldTable));
      assertTrue(dtype.getMessage().contains("dtype does not match (expected int8, found float32)"),
          dtype.getMessage());
    }
    assertTrue(java.nio.file.Files.notExists(dir.resolve("n.arrow")));
  }

  @Test
  void aVocabularyOfAnotherTokenizerSizeIsRefused() throws IOException {
    FgramVocabulary other = FgramVocabulary.of(
        new FgramVocabulary.Meta(BundleFixtures.TOKENIZER, V + 1, 4, 1), List.of(new int[] {1, 2}), new long[] {3});
    String sha = VocabularyFile.write(other, "", dir.resolve("o.vocab.arrow"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> precompute("m1")
        .full(other, sha, new TableTarget(dir.resolve("o.arrow"), EmbeddingDtype.FLOAT32, 1)));
    assertTrue(e.getMessage().contains("tokenizer of 121 ids but the token id map's tokenizer has 120"),
        e.getMessage());
  }
}
