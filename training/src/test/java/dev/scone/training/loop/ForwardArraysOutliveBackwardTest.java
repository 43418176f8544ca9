package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.LanguageModel;
import dev.scone.training.data.WindowBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training forward pass leaves its arrays alive until backward has run. DJL's PyTorch engine
 * wraps a Java array's direct-buffer copy without handing it to PyTorch, so an index array (token
 * ids, targets) closed after the forward pass has memory that the garbage collector may free and
 * malloc hand out again while autograd still points at it: backward then read garbage ("index
 * 140520802798832 is out of bounds", seen once in CI). Here the collector runs and freed memory is
 * reused on purpose between forward and backward; the gradients must equal an undisturbed step's.
 */
class ForwardArraysOutliveBackwardTest {

  @ParameterizedTest(name = "scone {0}")
  @ValueSource(booleans = {false, true})
  void gradientsDoNotDependOnWhatTheCollectorFreesBeforeBackward(boolean scone) throws Exception {
    WindowBatch batch = TinyRuns.stream(TinyRuns.TRAIN, scone).batch(new int[] {0, 40, 80, 120}, 16);
    List<float[]> undisturbed = gradients(scone, batch, false);
    List<float[]> disturbed = gradients(scone, batch, true);
    assertEquals(0f, TinyRuns.maxAbsDiff(undisturbed, disturbed));
  }

  private static List<float[]> gradients(boolean scone, WindowBatch batch, boolean reuseFreedMemory)
      throws InterruptedException {
    try (LanguageModel model = TinyRuns.create(scone, 0.0);
        NDManager scope = model.djlModel().getNDManager().newSubManager()) {
      ModelParameters parameters = new ModelParameters(model);
      List<ByteBuffer> junk = new ArrayList<>();
      try (NDManager pass = scope.newSubManager(); GradScope grad = GradScope.enter()) {
        NDArray loss = model.meanNll(batch.inputs(), batch.targets(), pass, true);
        if (reuseFreedMemory) junk = reuseFreedDirectMemory();
        grad.backward(loss);
      }
      List<float[]> out = new ArrayList<>();
      for (NDArray g : parameters.gradients(scope)) out.add(g.toFloatArray());
      junk.clear();
      return out;
    }
  }

  /**
   * Collects garbage (a direct buffer's memory goes back to malloc once its owner is unreachable),
   * then allocates many small direct buffers full of 0x7f, which malloc serves from what was just
   * freed. Returned so they stay allocated through backward.
   */
  private static List<ByteBuffer> reuseFreedDirectMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(30);
    }
    List<ByteBuffer> junk = new ArrayList<>();
    for (int size = 64; size <= 8192; size += 64) {
      for (int copy = 0; copy < 8; copy++) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        while (b.hasRemaining()) b.put((byte) 0x7f);
        junk.add(b);
      }
    }
    return junk;
  }
}
