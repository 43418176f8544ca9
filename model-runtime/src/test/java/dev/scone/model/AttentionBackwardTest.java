package dev.scone.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The backward pass reads only memory that lives until it runs. Pins the cause of the rare
 * non-finite gradients training used to skip: attention scaled its queries with DJL's
 * {@code mul(float)}, whose scalar array sits in a Java direct buffer that is released when the
 * op returns although autograd keeps the array for backward. Once a garbage collection freed and
 * reused that buffer, the gradient was scaled by garbage. With a thread churning the heap and
 * direct memory beside it, that happened in about 3% of these passes (inf or NaN in most of
 * them); now every pass must give the same, finite gradients.
 */
class AttentionBackwardTest {

  private static final int PASSES = 400;

  @Test
  void gradientsDoNotDependOnTheGarbageCollector() throws Exception {
    Engine.getInstance();
    JniUtils.setNumThreads(1);
    ModelConfig config = TinyModels.scone();
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn = new Thread(() -> {
      while (!stop.get()) {
        System.gc();
        ByteBuffer.allocateDirect(4096).putFloat(0, Float.MAX_VALUE); // reuses freed native memory
      }
    }, "gc-churn");
    churn.setDaemon(true);
    churn.start();
    try (NDManager root = NDManager.newBaseManager()) {
      CausalSelfAttention attention = new CausalSelfAttention(config);
      Shape input = new Shape(2, 16, config.dModel());
      attention.initialize(root, DataType.FLOAT32, input);
      float[] x = random(input, 1);
      float[] weights = random(input, 2);
      float[] first = null;
      for (int pass = 0; pass < PASSES; pass++) {
        float[] gradient = inputGradient(attention, root, input, x, weights);
        for (float g : gradient) assertTrue(Float.isFinite(g), "pass " + pass + ": a non-finite gradient");
        if (first == null) first = gradient;
        else assertArrayEquals(first, gradient, "pass " + pass + " differs from the first");
      }
    } finally {
      stop.set(true);
      churn.join();
    }
  }

  /** d(sum(attention(x) * weights)) / dx, in a scope closed before it returns. */
  private static float[] inputGradient(CausalSelfAttention attention, NDManager root, Shape shape, float[] x,
      float[] weights) {
    try (NDManager scope = root.newSubManager()) {
      NDArray input = scope.create(x, shape);
      input.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray out = attention.forward(new ParameterStore(scope, false), input, true);
        collector.backward(out.mul(scope.create(weights, shape)).sum());
      }
      return input.getGradient().toFloatArray();
    }
  }

  private static float[] random(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] out = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < out.length; i++) out[i] = (float) random.nextGaussian();
    return out;
  }
}
