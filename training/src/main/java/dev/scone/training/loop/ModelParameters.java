package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.scone.model.LanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A model's trainable (not frozen) parameters in a fixed order (DJL's block order, the same for every model
 * built from one config), with access to their gradients. Gradient handles are created in the
 * caller's scope, never in the model's manager, so a step leaves nothing behind.
 *
 * <p>PyTorch-specific: gradients are read and zeroed through the PyTorch engine's JNI calls.
 * Not thread-safe.
 */
final class ModelParameters {

  private final List<String> names = new ArrayList<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final Set<Parameter> fgramParameters; // by identity: the f-gram model's own

  ModelParameters(LanguageModel model) {
    for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
      // Frozen parameters (LanguageModel#freezeLower) are no part of training: no gradient, no
      // clipping share, no update, no weight decay.
      if (!p.getValue().requiresGradient()) continue;
      names.add(p.getKey());
      parameters.add(p.getValue());
    }
    fgramParameters = Collections.newSetFromMap(new IdentityHashMap<>());
    fgramParameters.addAll(model.fgramParameters());
  }

  List<String> names() {
    return Collections.unmodifiableList(names);
  }

  int size() {
    return parameters.size();
  }

  Parameter get(int i) {
    return parameters.get(i);
  }

  NDArray array(int i) {
    return parameters.get(i).getArray();
  }

  /** The parameter arrays, in order. */
  List<NDArray> arrays() {
    List<NDArray> out = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) out.add(p.getArray());
    return out;
  }

  /** {@link #decays(int)} of every parameter. */
  boolean[] decayFlags() {
    boolean[] out = new boolean[parameters.size()];
    for (int i = 0; i < out.length; i++) out[i] = decays(i);
    return out;
  }

  /**
   * Per parameter, the multiple of the learning rate it trains at: {@code fgramScale} for the
   * f-gram model's own parameters ({@link LanguageModel#fgramParameters}), 1 for the rest, the
   * shared token embedding included.
   */
  double[] learningRateScales(double fgramScale) {
    double[] out = new double[parameters.size()];
    for (int i = 0; i < out.length; i++) out[i] = fgramParameters.contains(parameters.get(i)) ? fgramScale : 1.0;
    return out;
  }

  /**
   * Decoupled weight decay applies to weight matrices and the token embedding; not to LayerNorm
   * scales and shifts, biases, or position embeddings.
   */
  boolean decays(int i) {
    Parameter p = parameters.get(i);
    return p.getType() == Parameter.Type.WEIGHT && !"positions".equals(p.getName());
  }

  /**
   * Every parameter's gradient, as handles in {@code scope} sharing the gradients' memory (in-place
   * changes reach the gradients). A parameter that has no gradient yet (not reached by any backward
   * pass) gets zeros.
   */
  List<NDArray> gradients(NDManager scope) {
    List<NDArray> out = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      PtNDArray g = JniUtils.getGradient((PtNDArray) p.getArray());
      if (g == null) {
        out.add(scope.zeros(p.getArray().getShape(), p.getArray().getDataType()));
      } else {
        g.attach(scope); // the handle was created in the model's manager
        out.add(g);
      }
    }
    return out;
  }

  /** Sets every existing gradient to zero (NaN and inf included). */
  void zeroGradients() {
    for (Parameter p : parameters) {
      PtNDArray array = (PtNDArray) p.getArray();
      PtNDArray g = JniUtils.getGradient(array);
      if (g == null) continue;
      g.close(); // only the handle: the gradient itself stays with the parameter
      JniUtils.zeroGrad(array);
    }
  }
}
