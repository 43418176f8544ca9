package dev.scone.training.loop;

import java.util.SplittableRandom;

/**
 * Where each step's B windows start: uniform over every start whose T + 1 positions fit the
 * stream, drawn from a generator seeded by (seed, step) alone. The sampler is counter-based, so
 * its whole "RNG state" is the step number: a run resumed at step s draws exactly the windows an
 * uninterrupted run draws at s. Windows may span documents. Immutable and thread-safe.
 */
public final class WindowSampler {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long seed;
  private final int lastStart; // the largest start whose window [s, s + T] fits
  private final int batchSize;

  /**
   * @throws IllegalArgumentException when the stream cannot hold one window of T + 1 positions
   */
  public WindowSampler(long seed, int streamSize, int seqLen, int batchSize) {
    if (seqLen < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "seqLen and batchSize must be >= 1, got " + seqLen + " and " + batchSize);
    }
    long last = (long) streamSize - seqLen - 1;
    if (last < 0) {
      throw new IllegalArgumentException("a stream of " + streamSize + " tokens cannot hold a "
          + "window of " + seqLen + " inputs and 1 target");
    }
    this.seed = seed;
    this.lastStart = (int) last;
    this.batchSize = batchSize;
  }

  /** The B window starts of step {@code step}; the same for the same (seed, step). */
  public int[] starts(long step) {
    SplittableRandom random = new SplittableRandom(seed * GOLDEN + step);
    int[] starts = new int[batchSize];
    for (int i = 0; i < batchSize; i++) starts[i] = random.nextInt(lastStart + 1);
    return starts;
  }

  /** A per-step seed for the engine's own generator (dropout), derived like the windows. */
  public int engineSeed(long step) {
    return new SplittableRandom((seed ^ GOLDEN) * GOLDEN + step).nextInt();
  }
}
