package dev.scone.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

  private static final ModelConfig CONFIG = new ModelConfig(2, 32, 4, 96, 64, 100, 0.1, 4, 1, 42);

  @Test
  void jsonRoundTripKeepsEveryFieldWithSnakeCaseKeys() {
    String json = CONFIG.toJson();
    assertTrue(json.contains("\"d_model\" : 32"), json);
    assertTrue(json.contains("\"fgram_layers\" : 1"), json);
    assertTrue(json.contains("\"max_n\" : 4"), json);
    assertFalse(json.contains("head_size"), "derived values are not written: " + json);
    assertEquals(CONFIG, ModelConfig.fromJson(json));
  }

  @Test
  void fileRoundTripAndErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    CONFIG.write(file);
    assertEquals(CONFIG, ModelConfig.read(file));
    Files.writeString(file, CONFIG.toJson().replace("\"heads\" : 4", "\"heads\" : 5"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("dModel must be a multiple of heads"), e.getMessage());
  }

  @Test
  void softmaxCutoffsRoundTripAndOldConfigsReadAsTheFullSoftmax() {
    ModelConfig adaptive = CONFIG.withSoftmaxCutoffs(List.of(10, 40));
    assertEquals(adaptive, ModelConfig.fromJson(adaptive.toJson()));
    assertTrue(adaptive.adaptiveSoftmax());
    String old = CONFIG.toJson().replace(",\n  \"softmax_cutoffs\" : [ ]", "");
    assertFalse(old.contains("softmax_cutoffs"), old);
    ModelConfig read = ModelConfig.fromJson(old);
    assertEquals(CONFIG, read);
    assertFalse(read.adaptiveSoftmax());
    assertMessage("softmaxCutoffs must be strictly ascending in (0, 100), got [40, 10]",
        () -> CONFIG.withSoftmaxCutoffs(List.of(40, 10)));
    assertMessage("softmaxCutoffs must be strictly ascending in (0, 100), got [10, 100]",
        () -> CONFIG.withSoftmaxCutoffs(List.of(10, 100)));
    assertThrows(IllegalArgumentException.class, // 32 / 4^3 < 1
        () -> CONFIG.withSoftmaxCutoffs(List.of(10, 20, 30)));
  }

  @Test
  void missingOrUnknownFieldsAreRejectedByName() {
    String unknown = CONFIG.toJson().replace("\"seed\" : 42", "\"seed\" : 42, \"sede\" : 1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson(unknown));
    assertTrue(e.getMessage().contains("\"sede\""), e.getMessage());
    String noSeed = CONFIG.toJson().replace(",\n  \"seed\" : 42", "");
    e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson(noSeed));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
  }

  @Test
  void invalidValuesAreRejectedWithWhatWasFound() {
    assertMessage("layers must be >= 1, got 0", () -> new ModelConfig(0, 32, 4, 96, 64, 100, 0, 4, 1, 1));
    assertMessage("dModel must be a multiple of heads, got dModel 30 and heads 4",
        () -> new ModelConfig(2, 30, 4, 96, 64, 100, 0, 4, 1, 1));
    assertMessage("dropout must be in [0, 1), got 1.0", () -> new ModelConfig(2, 32, 4, 96, 64, 100, 1.0, 4, 1, 1));
    assertMessage("maxN must be >= 2, got 1", () -> new ModelConfig(2, 32, 4, 96, 64, 100, 0, 1, 1, 1));
    assertMessage("fgramLayers must be >= 0, got -1", () -> new ModelConfig(2, 32, 4, 96, 64, 100, 0, 4, -1, 1));
  }

  @Test
  void baselineHasNoFgramModel() {
    assertFalse(CONFIG.withFgramLayers(0).hasFgramModel());
    assertTrue(CONFIG.hasFgramModel());
    assertEquals(8, CONFIG.headSize());
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(expected, e.getMessage());
  }
}
