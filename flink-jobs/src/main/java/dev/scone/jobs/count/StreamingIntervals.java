package dev.scone.jobs.count;

import java.io.Serializable;

/**
 * Timing of the unbounded {@link StreamingFgramCountJob}, in processing-time milliseconds.
 *
 * @param candidateIntervalMs between a counting subtask's candidate batches (when its top S changed)
 * @param publishIntervalMs from a change of candidates to the next selection and publish
 */
public record StreamingIntervals(long candidateIntervalMs, long publishIntervalMs) implements Serializable {
  public StreamingIntervals {
    if (candidateIntervalMs < 1 || publishIntervalMs < 1) {
      throw new IllegalArgumentException("intervals must be >= 1 ms, got candidates " + candidateIntervalMs
          + ", publish " + publishIntervalMs);
    }
  }

  /** Candidates every 10 s, a publish at most every 60 s. */
  public static StreamingIntervals defaults() {
    return new StreamingIntervals(10_000, 60_000);
  }
}
