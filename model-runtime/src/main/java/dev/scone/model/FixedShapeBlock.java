package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of the model's blocks: every parameter's shape is fixed by the config when the block is
 * built, so initialisation needs no shape inference and children are initialised with the
 * parent's input shapes (recorded only because DJL's parameter files carry them).
 *
 * <p>Memory rule for subclasses: every op is called on an activation (or a static op whose first
 * argument is an activation), never on a parameter, so results land in the caller's manager and
 * not in the model's (an op on a parameter would leak into the model's manager). And no op takes
 * a Java number where autograd keeps the operand for backward ({@code mul}, {@code div}, {@code
 * pow}): DJL wraps the number in an array over a Java buffer that it releases when the op returns,
 * so backward may read freed memory (see {@code CausalSelfAttention#scale}); pass an array made
 * with {@code manager.full} instead. {@code add}/{@code sub} of a number keep no operand.
 */
abstract class FixedShapeBlock extends AbstractBlock {

  static final float LAYER_NORM_EPS = 1e-5f;

  protected final Parameter parameter(String name, Parameter.Type type, long... shape) {
    return addParameter(
        Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build());
  }

  /** The parameter's array on {@code like}'s device (the parameter store copies if needed). */
  static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
    return ps.getValue(p, like.getDevice(), training);
  }

  static NDArray dropout(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) child.initialize(manager, dataType, inputShapes);
  }

  /** Shape-preserving by default: (..., d) -> (..., d). */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  /** The single-array forward used by DJL's generic {@link Block#forward}. */
  abstract NDArray forward(ParameterStore ps, NDArray x, boolean training);

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(ps, inputs.singletonOrThrow(), training));
  }
}
