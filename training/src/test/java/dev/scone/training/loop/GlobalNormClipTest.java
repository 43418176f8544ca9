package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobalNormClipTest {

  private static float[] random(Random r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
    return v;
  }

  /** The reference: sqrt of the sum of squares of every element, in double. */
  private static double norm(List<float[]> values) {
    double sum = 0;
    for (float[] v : values) for (float x : v) sum += (double) x * x;
    return Math.sqrt(sum);
  }

  @Test
  void clippingScalesAllGradientsByOneFactorDownToTheMaxNorm() {
    Random r = new Random(3);
    List<float[]> values = List.of(random(r, 300, 2), random(r, 17, 0.1), random(r, 1000, 1));
    double before = norm(values);
    double max = before / 4;
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> gradients = new ArrayList<>();
      for (float[] v : values) gradients.add(manager.create(v, new Shape(v.length)));
      double reported = GlobalNormClip.clip(gradients, max);
      assertEquals(before, reported, before * 1e-5);
      List<float[]> after = new ArrayList<>();
      for (NDArray g : gradients) after.add(g.toFloatArray());
      double clipped = norm(after);
      assertTrue(clipped <= max * (1 + 1e-5), "norm " + clipped + " > max " + max);
      assertEquals(max, clipped, max * 1e-5);
      double factor = max / before;
      for (int i = 0; i < values.size(); i++) {
        for (int j = 0; j < values.get(i).length; j++) {
          assertEquals(values.get(i)[j] * factor, after.get(i)[j], 1e-5);
        }
      }
    }
  }

  @Test
  void gradientsWithinTheMaxNormAreLeftAlone() {
    Random r = new Random(4);
    float[] v = random(r, 50, 0.01);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray g = manager.create(v);
      double norm = GlobalNormClip.clip(List.of(g), 10.0);
      assertTrue(norm < 10.0);
      assertArrayEquals(v, g.toFloatArray());
    }
  }

  @Test
  void nonFiniteGradientsReportANonFiniteNormAndAreNotScaled() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray g = manager.create(new float[] {1, Float.NaN, 3});
      NDArray h = manager.create(new float[] {100, 200});
      double norm = GlobalNormClip.clip(List.of(g, h), 1.0);
      assertTrue(Double.isNaN(norm));
      assertArrayEquals(new float[] {100, 200}, h.toFloatArray());
    }
  }

  /**
   * Magnitudes a float32 sum of squares gets wrong: elements whose squares overflow (1e20, 3e38),
   * underflow (1e-30) or are denormal (1e-40), mixed with ordinary ones. The norm must match the
   * float64 reference, and clipping must bring the joint norm to the max even when the factor is
   * below float32's normal range.
   */
  @Test
  void theNormMatchesFloat64OnAdversarialMagnitudes() {
    List<float[]> cases = List.of(
        new float[] {1e20f, -1e20f, 3f},
        new float[] {3e38f, Float.MAX_VALUE, -Float.MAX_VALUE},
        new float[] {1e-30f, -2e-30f, 5e-31f},
        new float[] {1e-40f, Float.MIN_VALUE, -3e-42f},
        new float[] {1e19f, 1e-19f, 0.5f, -7f});
    for (float[] values : cases) {
      double expected = norm(List.of(values));
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray g = manager.create(values);
        double reported = GlobalNormClip.norm(List.of(g));
        assertTrue(Double.isFinite(reported), "norm of " + Arrays.toString(values) + " is " + reported);
        assertEquals(expected, reported, expected * 1e-12, Arrays.toString(values));
        double max = 1.0;
        GlobalNormClip.clip(List.of(g), max);
        double clipped = norm(List.of(g.toFloatArray()));
        if (expected > max) assertEquals(max, clipped, 1e-5, "clipped " + Arrays.toString(values));
        else assertArrayEquals(values, g.toFloatArray());
      }
    }
  }

  @Test
  void manyModerateGradientsDoNotOverflowTheirJointNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] big = new float[1 << 16];
      Arrays.fill(big, 1e18f); // each square 1e36; their float32 sum (6.6e40) would be inf
      double expected = Math.sqrt(big.length * 1e36);
      double reported = GlobalNormClip.norm(List.of(manager.create(big), manager.create(big)));
      assertEquals(expected * Math.sqrt(2), reported, expected * 1e-5);
    }
  }
}
