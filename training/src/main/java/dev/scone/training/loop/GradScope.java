package dev.scone.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope with PyTorch's autograd recording on for the calling thread, restored on close, and the
 * backward pass from a scalar loss. DJL's {@code GradientCollector} does the same but also holds a
 * process-wide flag that allows one collector at a time in the whole JVM, so two models training on
 * two threads fail ("A PtGradientCollector is already collecting"). PyTorch itself keeps the grad
 * mode per thread and runs the backward of a CPU graph on the calling thread, so models on separate
 * threads, each with its own parameters, train independently (the experiment's {@code ModelWorkers}).
 *
 * <pre>try (GradScope grad = GradScope.enter()) { NDArray loss = ...; grad.backward(loss); }</pre>
 */
final class GradScope implements AutoCloseable {

  private final boolean previous;

  private GradScope() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Turns recording on for this thread until {@link #close()}. */
  static GradScope enter() {
    return new GradScope();
  }

  /** Accumulates d loss / d p into the gradient of every parameter p that {@code loss} was computed from. */
  void backward(NDArray loss) {
    NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType()).toDevice(loss.getDevice(), false);
    JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
