package dev.scone.model;

import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {

  @Test
  void reloadedModelGivesBitIdenticalLogitsOnBothPaths(@TempDir Path dir) {
    Random random = new Random(21);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 8);
    int[] tokens = TinyModels.randomTokens(random, 2 * 9);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    SconeBatch batch = SconeBatch.of(tokens, rows, 2, 9, V, TinyModels.MAX_N, fgrams::get);
    SconeBatch tokensOnly = SconeBatch.tokensOnly(tokens, 2, 9, V);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] scone;
      float[] baseline;
      float[] fgramRows;
      try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu())) {
        scone = model.logits(batch, manager).toFloatArray();
        baseline = model.logits(tokensOnly, manager).toFloatArray();
        fgramRows = model.fgramRows(fgrams, 3);
        model.save(dir);
      }
      assertTrue(Files.exists(dir.resolve("config.json")));
      try (LanguageModel loaded = LanguageModel.load(dir, Device.cpu(), true)) {
        assertEquals(TinyModels.scone(), loaded.config());
        assertArrayEquals(scone, loaded.logits(batch, manager).toFloatArray());
        assertArrayEquals(baseline, loaded.logits(tokensOnly, manager).toFloatArray());
        assertArrayEquals(fgramRows, loaded.fgramRows(fgrams, 3));
      }
      try (LanguageModel serving = LanguageModel.load(dir, Device.cpu(), false)) {
        assertArrayEquals(baseline, serving.logits(tokensOnly, manager).toFloatArray());
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> serving.logits(batch, manager));
        assertTrue(e.getMessage().contains("f-gram model was not loaded"), e.getMessage());
      }
    }
  }

  @Test
  void baselineWritesNoFgramFile(@TempDir Path dir) {
    try (LanguageModel model = LanguageModel.create(TinyModels.scone().withFgramLayers(0), Device.cpu())) {
      model.save(dir);
    }
    assertTrue(Files.exists(dir.resolve("main.params")));
    assertFalse(Files.exists(dir.resolve("fgram.params")));
    try (LanguageModel loaded = LanguageModel.load(dir, Device.cpu(), true)) {
      assertThrows(IllegalStateException.class, () -> loaded.fgramRows(List.of(new int[] {1, 2}), 1));
    }
  }

  @Test
  void parametersThatDoNotMatchTheConfigAreRejectedNamingTheFile(@TempDir Path dir) {
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu())) {
      model.save(dir);
    }
    TinyModels.scone().withVocabSize(V + 1).write(dir.resolve("config.json"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir, Device.cpu(), true));
    assertTrue(e.getMessage().contains("main.params"), e.getMessage());
    assertTrue(e.getMessage().contains("tokens") && e.getMessage().contains("(101, 32)"), e.getMessage());
  }

  @Test
  void aMissingFgramFileIsNamed(@TempDir Path dir) throws Exception {
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu())) {
      model.save(dir);
    }
    Files.delete(dir.resolve("fgram.params"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(dir, Device.cpu(), true));
    assertTrue(e.getMessage().contains("fgram.params does not exist"), e.getMessage());
  }
}
