package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.LanguageModel;
import dev.scone.training.data.WindowBatch;
import dev.scone.training.eval.NoGrad;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One optimizer step: forward in training mode (dropout on, the f-gram model on the fly for
 * SCONE), the next-token loss ({@link LanguageModel#meanNll}), backward, a NaN/inf guard, global-norm
 * clipping, AdamW, zeroed gradients.
 *
 * <p>Memory: every array of the step lives in one sub-manager of the model's manager, closed
 * before {@link #run} returns; the model's manager ends the step holding exactly what it held
 * before. Not thread-safe (PyTorch allows one gradient collector per process at a time).
 */
final class TrainingStep {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingStep.class);

  private final LanguageModel model;
  private final ModelParameters parameters;
  private final AdamW optimizer;
  private final double clipNorm;
  private final double weightDecay;

  TrainingStep(LanguageModel model, ModelParameters parameters, AdamW optimizer,
      TrainingConfig config) {
    this.model = model;
    this.parameters = parameters;
    this.optimizer = optimizer;
    this.clipNorm = config.clipNorm();
    this.weightDecay = config.weightDecay();
  }

  /** Trains on {@code batch} with learning rate {@code learningRate}. */
  StepResult run(WindowBatch batch, double learningRate) {
    try (NDManager scope = model.djlModel().getNDManager().newSubManager()) {
      double loss = forwardBackward(batch, scope);
      try (NoGrad ignored = NoGrad.enter()) {
        StepResult result = update(loss, learningRate, scope);
        parameters.zeroGradients();
        return result;
      }
    }
  }

  /**
   * The batch's mean loss; leaves its gradients on the parameters. The forward pass's arrays live
   * in their own manager, closed only after backward (see {@link LanguageModel#meanNll}), so that
   * the activations are freed before the update.
   */
  private double forwardBackward(WindowBatch batch, NDManager scope) {
    try (NDManager pass = scope.newSubManager(); GradScope grad = GradScope.enter()) {
      NDArray loss = model.meanNll(batch.inputs(), batch.targets(), pass, true); // scalar
      grad.backward(loss);
      return loss.getFloat();
    }
  }

  private StepResult update(double loss, double learningRate, NDManager scope) {
    if (!Double.isFinite(loss)) return new StepResult(loss, Double.NaN, false);
    List<NDArray> gradients = parameters.gradients(scope);
    double norm = GlobalNormClip.clip(gradients, clipNorm);
    if (!Double.isFinite(norm)) {
      if (LOG.isDebugEnabled()) LOG.debug("non-finite gradients: {}", nonFinite(gradients));
      return new StepResult(loss, norm, false);
    }
    optimizer.step(gradients, learningRate, weightDecay, scope);
    return new StepResult(loss, norm, true);
  }

  /**
   * The parameters whose gradient holds a NaN or inf, with their largest finite |g|: where a
   * skipped step came from. Runs only on the rare skipped step.
   */
  private List<String> nonFinite(List<NDArray> gradients) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      NDArray g = gradients.get(i);
      NDArray nonFinite = g.isNaN().logicalOr(g.isInfinite());
      long bad = nonFinite.countNonzero().getLong();
      if (bad > 0) {
        NDArray finite = g.get(nonFinite.logicalNot());
        float maxFinite = finite.isEmpty() ? Float.NaN : finite.abs().max().getFloat();
        out.add(parameters.names().get(i) + " (" + bad + " of " + g.size() + " non-finite, max finite |g| "
            + maxFinite + ")");
      }
    }
    if (out.isEmpty()) out.add("no element is: a sum of squares overflowed float32");
    return out;
  }
}
