package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** The additive causal mask: query i (absolute position past + i) sees keys 0..past + i. */
final class CausalMask {

  private CausalMask() {}

  /** (T, past + T): 0 where key j <= past + i, -inf where j > past + i. */
  static NDArray of(NDManager manager, int time, int past) {
    int keys = past + time;
    NDArray queryPos = manager.arange(past, keys, 1, DataType.INT64).reshape(time, 1); // (T, 1)
    NDArray keyPos = manager.arange(0, keys, 1, DataType.INT64).reshape(1, keys); // (1, Tk)
    NDArray future = keyPos.gt(queryPos); // (T, Tk), broadcast
    Shape shape = new Shape(time, keys);
    // NDArrays.where does not broadcast: both branches have the mask's full shape.
    return NDArrays.where(
        future, manager.full(shape, Float.NEGATIVE_INFINITY), manager.zeros(shape));
  }
}
