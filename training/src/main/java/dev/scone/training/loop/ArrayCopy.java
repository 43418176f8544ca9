package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** In-place copies between arrays of one shape, for restoring checkpointed values. */
final class ArrayCopy {

  private ArrayCopy() {}

  /**
   * Copies {@code source}'s values into {@code target} in place (the target keeps its identity,
   * so a parameter keeps its gradient); temporaries land in {@code scope}. Call with autograd off.
   *
   * @throws IllegalArgumentException when shapes or types differ
   */
  static void into(NDArray target, NDArray source, NDManager scope) {
    if (!target.getShape().equals(source.getShape())
        || target.getDataType() != source.getDataType()) {
      throw new IllegalArgumentException("cannot copy " + source.getDataType()
          + source.getShape() + " into " + target.getDataType() + target.getShape());
    }
    target.tempAttach(scope); // the indexer's temporaries then land in scope, not the owner's
    target.set(new NDIndex("..."), source);
  }
}
