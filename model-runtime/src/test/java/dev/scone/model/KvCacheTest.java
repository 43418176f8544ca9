package dev.scone.model;

import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvCacheTest {

  @Test
  void incrementalForwardWithCacheEqualsOneFullForward() {
    int time = 10;
    int[] chunks = {4, 1, 3, 1, 1};
    Random random = new Random(31);
    long[] tokens = new long[time];
    for (int i = 0; i < time; i++) tokens[i] = random.nextInt(V);
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] full = model.logits(inputs(model, manager, tokens, 0, time), 0).toFloatArray();
      try (KvCache cache = model.newCache(manager)) {
        int start = 0;
        for (int chunk : chunks) {
          float[] part = model.logits(inputs(model, manager, tokens, start, chunk), cache).toFloatArray();
          float diff = TinyModels.maxAbsDiff(Arrays.copyOfRange(full, start * V, (start + chunk) * V), part);
          assertTrue(diff < 1e-5, "positions " + start + ".." + (start + chunk - 1) + " differ by " + diff);
          start += chunk;
          assertEquals(start, cache.length());
        }
      }
      // Control: the last token alone at its position, without the cache, is a different prediction.
      float[] alone = model.logits(inputs(model, manager, tokens, time - 1, 1), time - 1).toFloatArray();
      assertTrue(TinyModels.maxAbsDiff(Arrays.copyOfRange(full, (time - 1) * V, time * V), alone) > 1e-4);
    }
  }

  private static NDArray inputs(LanguageModel model, NDManager manager, long[] tokens, int from, int count) {
    long[] part = Arrays.copyOfRange(tokens, from, from + count);
    return model.tokenInputs(manager.create(part, new Shape(1, count)));
  }
}
