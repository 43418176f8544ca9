package dev.scone.model.infer;

import java.util.Random;

/**
 * Picks the next token from one position's logits, on the host in float64 so that the same seed
 * gives the same choice wherever the logits are equal. Candidates are ordered by logit
 * descending, ties by id ascending, so top-k = 1 is exactly greedy.
 *
 * <p>Cost per token: O(V) exponentials without top-k; with top-k O(V log k) comparisons (most
 * ids cost one) and k exponentials; top-p alone heapifies V ids and pops until the nucleus is
 * complete.
 * Not thread-safe (one per generation: it owns the random stream).
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
    int[] candidates;
    int count;
    if (params.topK() > 0) { // only the k best need a weight
      count = Math.min(params.topK(), logits.length);
      candidates = best(logits, count);
    } else if (params.topP() < 1) {
      heapify(logits); // popped lazily below, most likely first
      count = logits.length;
      candidates = null;
    } else {
      count = logits.length;
      candidates = null;
    }
    double[] weights = new double[count]; // exp((l - max) / T) of candidate k, unnormalised
    double total = 0;
    for (int k = 0; k < count; k++) {
      weights[k] = weight(logits, candidates == null ? k : candidates[k], max);
      total += weights[k];
    }
    if (params.topP() >= 1) return draw(weights, candidates, count, total);
    return drawNucleus(logits, max, weights, candidates, total);
  }

  /** The smallest most-likely-first prefix of the candidates reaching topP of their mass. */
  private int drawNucleus(float[] logits, double max, double[] weights, int[] candidates, double total) {
    int[] kept = candidates != null ? candidates : new int[weights.length];
    double[] keptWeights = new double[weights.length];
    int count = 0;
    double mass = 0;
    while (count < weights.length) {
      int id = candidates != null ? candidates[count] : pop(logits);
      kept[count] = id;
      keptWeights[count] = weight(logits, id, max);
      mass += keptWeights[count++];
      if (mass >= params.topP() * total) break;
    }
    return draw(keptWeights, kept, count, mass);
  }

  private double weight(float[] logits, int id, double max) {
    return Math.exp((logits[id] - max) / params.temperature());
  }

  /** Draws candidate k < count with probability weights[k] / mass; ids null means id = k. */
  private int draw(double[] weights, int[] ids, int count, double mass) {
    double u = random.nextDouble() * mass;
    double cumulative = 0;
    for (int k = 0; k < count; k++) {
      cumulative += weights[k];
      if (u < cumulative) return ids == null ? k : ids[k];
    }
    return ids == null ? count - 1 : ids[count - 1]; // u within rounding of the mass
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

  /**
   * The k best ids, best first, in O(V log k): a min-heap holds the k best seen so far, its
   * root the worst of them, so most ids are rejected by one comparison with the root.
   */
  static int[] best(float[] logits, int k) {
    int[] heap = new int[k];
    for (int id = 0; id < logits.length; id++) {
      if (id < k) {
        heap[id] = id;
        for (int i = id; i > 0 && above(logits, heap[(i - 1) / 2], heap[i]); i = (i - 1) / 2) {
          swap(heap, i, (i - 1) / 2); // sift up: the worse one rises to the root
        }
      } else if (above(logits, id, heap[0])) {
        heap[0] = id;
        siftDownWorst(logits, heap, k);
      }
    }
    int[] sorted = new int[k];
    for (int size = k; size > 0; size--) { // remove the worst each time, filling from the back
      sorted[size - 1] = heap[0];
      heap[0] = heap[size - 1];
      siftDownWorst(logits, heap, size - 1);
    }
    return sorted;
  }

  /** Restores the min-heap (worst at the root) of heap[0..size) after its root changed. */
  private static void siftDownWorst(float[] logits, int[] heap, int size) {
    for (int i = 0; ; ) {
      int worst = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < size && above(logits, heap[worst], heap[left])) worst = left;
      if (right < size && above(logits, heap[worst], heap[right])) worst = right;
      if (worst == i) return;
      swap(heap, i, worst);
      i = worst;
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  // A binary max-heap of ids (for top-p alone): a above b when logits[a] > logits[b], or equal and a < b.

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
