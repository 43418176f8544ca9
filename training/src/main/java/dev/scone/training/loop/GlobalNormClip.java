package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Gradient clipping by GLOBAL L2 norm: all gradients are scaled by one factor {@code min(1, max
 * / norm)}, so their direction is kept and their joint norm is at most {@code max}. (DJL's
 * {@code optClipGrad} clamps each element instead, which changes the direction.)
 *
 * <p>Gradients are scaled in place; the scalars computed on the way land in each gradient's
 * manager. Call with autograd off. Stateless.
 */
public final class GlobalNormClip {

  private GlobalNormClip() {}

  /**
   * sqrt(sum over all gradients of sum(g²)), summed in float64; +inf or NaN only when some
   * element is. In float32 the sum of squares overflows once an element passes ~1.8e19 (or the
   * sum passes 3.4e38) and underflows to 0 below ~1e-23, so a finite gradient could report an
   * infinite norm and a tiny one a norm of 0; float64 holds the square of every float32.
   */
  public static double norm(List<NDArray> gradients) {
    double sumOfSquares = 0;
    for (NDArray g : gradients) {
      sumOfSquares += g.toType(DataType.FLOAT64, false).square().sum().getDouble();
    }
    return Math.sqrt(sumOfSquares);
  }

  /**
   * Scales every gradient by {@code max / norm} when the global norm exceeds {@code max}; leaves
   * them alone otherwise, and when the norm is not finite (the caller skips such a step).
   *
   * @return the global norm before clipping
   */
  public static double clip(List<NDArray> gradients, double max) {
    if (!(max > 0)) throw new IllegalArgumentException("max norm must be > 0, got " + max);
    double norm = norm(gradients);
    if (Double.isFinite(norm) && norm > max) {
      double scale = max / norm;
      // A factor below float32's normal range (a norm above ~1e38 x max) would lose its precision
      // or round to 0: apply it as two factors of sqrt(scale), each in range for any finite norm.
      boolean inTwo = scale < Float.MIN_NORMAL;
      float factor = (float) (inTwo ? Math.sqrt(scale) : scale);
      for (NDArray g : gradients) {
        g.muli(factor);
        if (inTwo) g.muli(factor);
      }
    }
    return norm;
  }
}
