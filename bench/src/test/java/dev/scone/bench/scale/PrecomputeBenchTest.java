package dev.scone.bench.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import dev.scone.training.bundle.PrecomputeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precompute bench end to end on a padded vocabulary and a tiny model; no timing is asserted. */
class PrecomputeBenchTest {
  @TempDir Path dir;

  @Test
  void aSliceIsAVocabularyOfItsOwnInRankOrder() {
    FgramVocabulary vocab = FgramVocabulary.of(new FgramVocabulary.Meta("test", 50, 3, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}, new int[] {6, 7}, new int[] {8, 9}),
        new long[] {9, 7, 5, 3});
    FgramVocabulary middle = PrecomputeBench.slice(vocab, 1, 3);
    assertEquals(2, middle.size());
    assertArrayEquals(new int[] {3, 4, 5}, middle.tokens(0));
    assertArrayEquals(new int[] {6, 7}, middle.tokens(1));
    assertEquals(5, middle.count(1));
    assertSame(vocab, PrecomputeBench.slice(vocab, 0, 4));
  }

  @Test
  void measuresAPaddedVocabularyLabelsItAndLeavesNothingBehind() throws Exception {
    int vocabSize = 200;
    FgramVocabulary real = FgramVocabulary.of(new FgramVocabulary.Meta("test", vocabSize, 3, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {4, 2});
    FgramVocabulary padded = new SyntheticFgrams(real, 3_000, 3).toVocabulary();
    PrecomputeOptions options = PrecomputeOptions.defaults().withProgressBar(false).withBatches(64, 512, 256);
    try (LanguageModel model = LanguageModel.create(new ModelConfig(1, 16, 2, 32, 16, vocabSize, 0.0, 3, 1, 9),
        Device.cpu())) {
      BenchResult r = PrecomputeBench.run(model, TokenIdMap.identity(vocabSize), padded, padded.size() - real.size(),
          new PrecomputeBench.Config(dir, EmbeddingDtype.FLOAT16, options, 1, true, 1_000));
      assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
      assertEquals(padded.size(), r.figure("fgrams"));
      assertEquals(padded.size() - 2, r.figure("synthetic_fgrams"));
      assertEquals(vocabSize + padded.size(), r.figure("table_rows"));
      assertEquals(3, r.figure("slices"), "3,002 f-grams in slices of 1,000");
      assertTrue(r.figure("slice_ratio_min") <= r.figure("slice_ratio_median")
          && r.figure("slice_ratio_median") <= r.figure("slice_ratio_max"), r.toJson());
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "the scratch directory is removed");
    }
  }
}
