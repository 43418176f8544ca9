package dev.scone.model;

import static dev.scone.model.TinyModels.D;
import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture's parity rule: training (f-gram model on the fly) == inference (table rows). */
class ParityTest {

  private static final int B = 3;
  private static final int T = 16;
  private static LanguageModel model;

  @BeforeAll
  static void createModel() {
    model = LanguageModel.create(TinyModels.scone(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @Test
  void trainingPathLogitsEqualInferencePathLogits() {
    Random random = new Random(11);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 20);
    int[] tokens = TinyModels.randomTokens(random, B * T);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.4);
    SconeBatch batch = SconeBatch.of(tokens, rows, B, T, V, TinyModels.MAX_N, fgrams::get);
    ByteBuffer table = TinyModels.table(model, fgrams);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] training = model.logits(batch, manager).toFloatArray();
      NDArray inputs = model.wrapInputs(manager, TinyModels.gather(table, rows), B, T);
      NDArray logits = model.logits(inputs, 0);
      assertEquals(new Shape(B, T, V), logits.getShape());
      float diff = TinyModels.maxAbsDiff(training, logits.toFloatArray());
      assertTrue(diff < 1e-4, "max |training - inference| = " + diff);

      // Control: reading token rows everywhere (ignoring the matches) must change the logits,
      // or the comparison above would pass for a model that ignores f-grams.
      NDArray tokenOnly = model.wrapInputs(manager, TinyModels.gather(table, tokens), B, T);
      float control = TinyModels.maxAbsDiff(training, model.logits(tokenOnly, 0).toFloatArray());
      assertTrue(control > 1e-2, "ignoring f-grams changed logits by only " + control);
    }
  }

  @Test
  void fgramVectorReplacesTheTokenRowRatherThanAddingToIt() {
    Random random = new Random(12);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 6);
    int[] tokens = TinyModels.randomTokens(random, 2 * 5);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    float[] tokenRows = model.tokenRows();
    float[] fgramRows = model.fgramRows(fgrams, 4);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] inputs = model.sconeInputs(
          SconeBatch.of(tokens, rows, 2, 5, V, TinyModels.MAX_N, fgrams::get), manager).toFloatArray();
      for (int i = 0; i < rows.length; i++) {
        float[] expected = rows[i] < V
            ? Arrays.copyOfRange(tokenRows, rows[i] * D, (rows[i] + 1) * D)
            : Arrays.copyOfRange(fgramRows, (rows[i] - V) * D, (rows[i] - V + 1) * D);
        float diff = TinyModels.maxAbsDiff(expected, Arrays.copyOfRange(inputs, i * D, (i + 1) * D));
        assertTrue(diff < 1e-5, "position " + i + " (row " + rows[i] + ") differs by " + diff);
      }
    }
  }

  @Test
  void baselineInputsAreTheTokenRows() {
    int[] tokens = {5, 0, 99, 5};
    float[] tokenRows = model.tokenRows();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray ids = manager.create(new long[] {5, 0, 99, 5}, new Shape(2, 2));
      float[] inputs = model.tokenInputs(ids).toFloatArray();
      for (int i = 0; i < tokens.length; i++) {
        assertArrayEquals(Arrays.copyOfRange(tokenRows, tokens[i] * D, (tokens[i] + 1) * D),
            Arrays.copyOfRange(inputs, i * D, (i + 1) * D));
      }
    }
  }
}
