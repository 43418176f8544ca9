package dev.scone.model.infer;

import java.util.Random;

/**
 * Picks the next token from one position's logits, on the host in float64 so that the same seed
 * gives the same choice wherever the logits are equal. Candidates are ordered by logit
 * descending, ties by id ascending, so top-k = 1 is exactly greedy.
 *
 * <p>Cost per token: O(V) without top-k / top-p; otherwise a heap over V ids, O(V + m log V)
 * for the m candidates taken. Not thread-safe (one per generation: it owns the random stream).
 */
final class TokenSampler {

  private final GenerationParams params;
  private final Random random;
  private int[] heap = new int[0];
  private int heapSize;

  TokenSampler(GenerationParams params) {
    this.params = params;
    this.random = new Random(params.seed());
  }

  /** The next model id drawn from {@code logits} (V floats). */
  int next(float[] logits) {
    if (params.temperature() == 0) return argmax(logits);
    double max = logits[argmax(logits)];
    double[] weights = new double[logits.length]; // exp((l - max) / T), unnormalised
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      weights[i] = Math.exp((logits[i] - max) / params.temperature());
      total += weights[i];
    }
    if (params.topK() == 0 && params.topP() >= 1) return draw(weights, null, logits.length, total);
    return drawTop(logits, weights, total);
  }

  /** Top-k, then the nucleus of what is left, then one draw. */
  private int drawTop(float[] logits, double[] weights, double total) {
    heapify(logits);
    int limit = params.topK() > 0 ? Math.min(params.topK(), logits.length) : logits.length;
    int[] candidates = new int[limit];
    if (params.topK() > 0) {
      total = 0; // top-p is relative to the top-k tokens' mass
      for (int k = 0; k < limit; k++) {
        candidates[k] = pop(logits);
        total += weights[candidates[k]];
      }
    }
    int kept = 0;
    double mass = 0;
    while (kept < limit) {
      int id = params.topK() > 0 ? candidates[kept] : pop(logits);
      candidates[kept++] = id;
      mass += weights[id];
      if (mass >= params.topP() * total) break;
    }
    return draw(weights, candidates, kept, mass);
  }

  /** Draws among ids[0..count) (or 0..count when ids is null) with the given weights. */
  private int draw(double[] weights, int[] ids, int count, double mass) {
    double u = random.nextDouble() * mass;
    double cumulative = 0;
    for (int k = 0; k < count; k++) {
      int id = ids == null ? k : ids[k];
      cumulative += weights[id];
      if (u < cumulative) return id;
    }
    return ids == null ? count - 1 : ids[count - 1]; // u within rounding of the total
  }

  /** The id of the largest logit, the lowest such id on ties. */
  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }

  /** The natural-log probability of {@code id} under softmax(logits), in float64. */
  static double logProb(float[] logits, int id) {
    double max = logits[argmax(logits)];
    double sum = 0;
    for (float l : logits) sum += Math.exp(l - max);
    return logits[id] - max - Math.log(sum);
  }

  // A binary max-heap of ids: a above b when logits[a] > logits[b], or equal and a < b.

  private void heapify(float[] logits) {
    if (heap.length != logits.length) heap = new int[logits.length];
    for (int i = 0; i < heap.length; i++) heap[i] = i;
    heapSize = heap.length;
    for (int i = heapSize / 2 - 1; i >= 0; i--) siftDown(logits, i);
  }

  private int pop(float[] logits) {
    int top = heap[0];
    heap[0] = heap[--heapSize];
    siftDown(logits, 0);
    return top;
  }

  private void siftDown(float[] logits, int i) {
    while (true) {
      int best = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < heapSize && above(logits, heap[left], heap[best])) best = left;
      if (right < heapSize && above(logits, heap[right], heap[best])) best = right;
      if (best == i) return;
      int swap = heap[i];
      heap[i] = heap[best];
      heap[best] = swap;
      i = best;
    }
  }

  private static boolean above(float[] logits, int a, int b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  }
}
