package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
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

  /** sqrt(sum over all gradients of sum(g²)); +inf or NaN when some gradient is. */
  public static double norm(List<NDArray> gradients) {
    double sumOfSquares = 0;
    for (NDArray g : gradients) sumOfSquares += g.square().sum().getFloat();
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
      float scale = (float) (max / norm);
      for (NDArray g : gradients) g.muli(scale);
    }
    return norm;
  }
}
