package dev.scone.training.eval;

/**
 * Deterministic window starts for periodic validation: {@code count} windows of T inputs (and
 * one target beyond) spread evenly over a stream, the same at every evaluation, so successive
 * validation perplexities of one run are comparable.
 */
public final class ValidationWindows {

  private ValidationWindows() {}

  /**
   * Starts {@code floor(k * (N - T - 1) / (count - 1))}, k = 0..count-1 (one window at 0 when
   * count is 1); windows overlap when the stream is shorter than count windows.
   *
   * @throws IllegalArgumentException when the stream cannot hold one window of T + 1 positions
   */
  public static int[] evenlySpaced(int streamSize, int window, int count) {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
    long last = (long) streamSize - window - 1; // the last valid start
    if (window < 1 || last < 0) {
      throw new IllegalArgumentException("a stream of " + streamSize
          + " positions cannot hold a window of " + window + " inputs and 1 target");
    }
    int[] starts = new int[count];
    for (int k = 0; k < count; k++) {
      starts[k] = count == 1 ? 0 : (int) (k * last / (count - 1));
    }
    return starts;
  }
}
