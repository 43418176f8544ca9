package dev.scone.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Next-token cross-entropy over the model vocabulary, in nats: the training loss and the
 * evaluation's per-token negative log-likelihood. Stateless and thread-safe.
 */
public final class CrossEntropy {

  // Class axis -1, sparse (index) labels, fromLogit = true: DJL then applies log-softmax to the
  // raw logits itself (false would treat them as log-probabilities already), picks, negates.
  private static final SoftmaxCrossEntropyLoss LOSS =
      new SoftmaxCrossEntropyLoss("xent", 1f, -1, true, true);

  private CrossEntropy() {}

  /**
   * Mean over the B*T positions of -log softmax(logits)[target]; a scalar in logits' manager.
   *
   * @param logits (B, T, V)
   * @param targets B*T model ids, row-major
   */
  public static NDArray mean(NDArray logits, long[] targets) {
    Shape shape = logits.getShape();
    long positions = shape.get(0) * shape.get(1);
    if (positions != targets.length) {
      throw new IllegalArgumentException("logits " + shape + " hold " + positions
          + " positions but there are " + targets.length + " targets");
    }
    NDArray flat = logits.reshape(positions, shape.get(2)); // (B, T, V) -> (N, V)
    NDArray labels = logits.getManager().create(targets); // (N)
    return LOSS.evaluate(new NDList(labels), new NDList(flat));
  }
}
