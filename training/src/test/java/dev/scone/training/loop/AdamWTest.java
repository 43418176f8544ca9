package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.training.eval.NoGrad;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamWTest {

  /** The reference: PyTorch's AdamW update written out element by element, in double. */
  private static final class Reference {
    final double[] p;
    final double[] m;
    final double[] v;
    int t;

    Reference(float[] initial) {
      p = new double[initial.length];
      for (int i = 0; i < p.length; i++) p[i] = initial[i];
      m = new double[p.length];
      v = new double[p.length];
    }

    void step(float[] g, double lr, double wd, double b1, double b2, double eps) {
      t++;
      for (int i = 0; i < p.length; i++) {
        p[i] *= 1 - lr * wd;
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
    return v;
  }

  @Test
  void updatesMatchTheReferenceWithDecayOnlyWhereFlaggedAndEachParametersRateScale() {
    Random r = new Random(9);
    float[] a0 = random(r, 40);
    float[] b0 = random(r, 7);
    Reference a = new Reference(a0);
    Reference b = new Reference(b0);
    try (NDManager manager = NDManager.newBaseManager();
        NoGrad ignored = NoGrad.enter()) {
      NDArray pa = manager.create(a0);
      NDArray pb = manager.create(b0);
      try (AdamW adam = new AdamW(List.of(pa, pb), new boolean[] {true, false}, new double[] {1.0, 0.25},
          0.9, 0.95, 1e-8, manager)) {
        for (int step = 0; step < 6; step++) {
          double lr = 1e-2 * (step + 1);
          float[] ga = random(r, 40);
          float[] gb = random(r, 7);
          try (NDManager scope = manager.newSubManager()) {
            adam.step(List.of(scope.create(ga), scope.create(gb)), lr, 0.1, scope);
          }
          a.step(ga, lr, 0.1, 0.9, 0.95, 1e-8);
          b.step(gb, lr * 0.25, 0.0, 0.9, 0.95, 1e-8); // b trains at a quarter of the rate
        }
        assertEquals(6, adam.updates());
      }
      float[] fa = pa.toFloatArray();
      float[] fb = pb.toFloatArray();
      for (int i = 0; i < fa.length; i++) assertEquals(a.p[i], fa[i], 1e-5, "a[" + i + "]");
      for (int i = 0; i < fb.length; i++) assertEquals(b.p[i], fb[i], 1e-5, "b[" + i + "]");
    }
  }
}
