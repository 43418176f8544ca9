package dev.scone.training.eval;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope with PyTorch's autograd recording off on the calling thread, restored on close:
 * forward passes inside record no graph, and in-place updates of parameters (an optimizer
 * step) are allowed. PyTorch's grad mode is per thread, so this affects the calling thread only.
 *
 * <pre>try (NoGrad ignored = NoGrad.enter()) { ... }</pre>
 */
public final class NoGrad implements AutoCloseable {

  private final boolean previous;

  private NoGrad() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  /** Turns recording off until {@link #close()}. */
  public static NoGrad enter() {
    return new NoGrad();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
