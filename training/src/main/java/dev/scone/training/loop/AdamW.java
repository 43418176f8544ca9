package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}
 * computes it: {@code p ← p·(1 - lr·wd)}, then {@code p ← p - lr/(1-β1^t) · m / (sqrt(v/(1-β2^t))
 * + ε)}, with {@code m, v} the running first and second moments of the gradient.
 *
 * <p>Hand-written rather than DJL's {@code ai.djl.training.optimizer.AdamW} because that one keeps
 * its moments and update counts in private maps (no way to save or restore them, so no exact
 * resume) and applies one weight decay to every parameter. Here the moments are plain arrays in
 * this optimizer's own manager, saved and restored by {@link #state()} / {@link #restore}.
 *
 * <p>Memory: temporaries of a step land in the caller's scope; the moments are updated in place.
 * Call {@link #step} with autograd off. Not thread-safe.
 */
final class AdamW implements AutoCloseable {

  private final List<NDArray> parameters;
  private final boolean[] decays;
  private final double[] rateScales;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final NDManager manager;
  private final List<NDArray> means = new ArrayList<>();
  private final List<NDArray> variances = new ArrayList<>();
  private long updates; // t, the number of applied updates

  /**
   * @param parameters the arrays to update in place (a model's parameter arrays)
   * @param decays per parameter, whether weight decay applies to it
   * @param rateScales per parameter, the multiple of the step's learning rate it is updated with
   *     (decay included), e.g. a lower one for the f-gram model
   * @param parent the optimizer's own sub-manager (for the moments) is created under it
   */
  AdamW(List<NDArray> parameters, boolean[] decays, double[] rateScales, double beta1, double beta2,
      double epsilon, NDManager parent) {
    if (decays.length != parameters.size() || rateScales.length != parameters.size()) {
      throw new IllegalArgumentException(decays.length + " decay flags and " + rateScales.length
          + " rate scales for " + parameters.size() + " parameters");
    }
    this.parameters = List.copyOf(parameters);
    this.decays = decays.clone();
    this.rateScales = rateScales.clone();
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.epsilon = (float) epsilon;
    this.manager = parent.newSubManager();
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      means.add(manager.zeros(p.getShape(), p.getDataType()));
      variances.add(manager.zeros(p.getShape(), p.getDataType()));
    }
  }

  /** t: updates applied so far (skipped steps do not count). */
  long updates() {
    return updates;
  }

  /** One update of every parameter from {@code gradients} (same order), temporaries in scope. */
  void step(List<NDArray> gradients, double learningRate, double weightDecay, NDManager scope) {
    updates++;
    double correction1 = 1 - Math.pow(beta1, updates);
    double correction2 = 1 - Math.pow(beta2, updates);
    for (int i = 0; i < parameters.size(); i++) {
      double rate = learningRate * rateScales[i];
      float stepSize = (float) (rate / correction1);
      float decay = (float) (1 - rate * weightDecay);
      NDArray g = gradients.get(i);
      NDArray m = means.get(i);
      NDArray v = variances.get(i);
      m.tempAttach(scope); // ops on the moments now land in scope; they return on scope close
      v.tempAttach(scope);
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(beta2).addi(g.square().muli(1 - beta2));
      NDArray denominator = v.div((float) correction2).sqrt().addi(epsilon);
      NDArray update = m.div(denominator).muli(stepSize);
      NDArray p = parameters.get(i);
      if (weightDecay > 0 && decays[i]) p.muli(decay);
      p.subi(update);
    }
  }

  /** The moments, means then variances, in parameter order (arrays owned by this optimizer). */
  NDList state() {
    NDList list = new NDList();
    list.addAll(means);
    list.addAll(variances);
    return list;
  }

  /**
   * Copies {@code state} (as {@link #state()} lays it out) into the moments and sets the update
   * count to {@code updates}; temporaries land in {@code scope}. Call with autograd off.
   *
   * @throws IllegalArgumentException when the arrays do not match the parameters' shapes
   */
  void restore(NDList state, long updates, NDManager scope) {
    int n = parameters.size();
    if (state.size() != 2 * n) {
      throw new IllegalArgumentException(
          "optimizer state has " + state.size() + " arrays, expected " + 2 * n);
    }
    for (int i = 0; i < 2 * n; i++) {
      NDArray target = i < n ? means.get(i) : variances.get(i - n);
      ArrayCopy.into(target, state.get(i), scope);
    }
    this.updates = updates;
  }

  @Override
  public void close() {
    manager.close();
  }
}
