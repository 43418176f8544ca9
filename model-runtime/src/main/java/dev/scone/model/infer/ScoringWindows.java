package dev.scone.model.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * The sliding-window plan of the {@link Scorer}: window k of a document of n tokens covers input
 * positions {@code [k * stride, min(k * stride + context, n))} and scores the targets its
 * predecessors did not reach, {@code [previous end, end)} (the first window from target 1). So
 * every target {@code t >= 1} is scored exactly once, by a window in which it has {@code
 * min(t, context - stride)} or more tokens of left context.
 */
final class ScoringWindows {

  /**
   * One forward's share of a document: inputs {@code [begin, end)}, scoring targets {@code
   * [firstTarget, end)}, each predicted from the position before it.
   */
  record Window(int doc, int begin, int end, int firstTarget) {
    int length() {
      return end - begin;
    }
  }

  private ScoringWindows() {}

  /** The windows of document {@code doc} of {@code n} tokens; none when n < 2. */
  static List<Window> plan(int doc, int n, int context, int stride) {
    checkStride(context, stride);
    List<Window> windows = new ArrayList<>();
    int next = 1; // the first target not yet scored
    for (int begin = 0; next < n; begin += stride) {
      int end = Math.min(begin + context, n);
      windows.add(new Window(doc, begin, end, next));
      next = end;
    }
    return windows;
  }

  /**
   * A stride of {@code context} or more would leave a window's first target without the token
   * before it; below 1 nothing would advance.
   */
  static void checkStride(int context, int stride) {
    if (context < 2) {
      throw new IllegalArgumentException("scoring needs a context length >= 2, the model has " + context);
    }
    if (stride < 1 || stride >= context) {
      throw new IllegalArgumentException("stride must be in [1, " + (context - 1)
          + "] for a context length of " + context + ", got " + stride);
    }
  }
}
