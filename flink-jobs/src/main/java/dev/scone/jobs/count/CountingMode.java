package dev.scone.jobs.count;

/**
 * How the counting step counts n-grams. Every mode runs after the same parse, tokenize and
 * per-document pre-aggregation, with n-grams routed to subtasks by {@link CountPartitioner}, and
 * feeds the same selection.
 */
public enum CountingMode {
  /**
   * One exact count per distinct n-gram in a primitive table per subtask ({@link
   * ExactPartitionCount}): memory grows with distinct n-grams (34-69 B each, 24 B in a checkpoint).
   */
  EXACT,
  /**
   * A Space-Saving summary of {@code m} counters per subtask ({@link BoundedPartitionCount}): memory
   * fixed at about {@code m x} {@value BoundedPartitionCount#BYTES_PER_COUNTER_MAX} B per subtask;
   * each published count is a lower bound, at most {@code N_s / m} below the true count ({@code
   * N_s}: n-gram occurrences the subtask has seen).
   */
  BOUNDED,
  /**
   * Exponentially decayed counts ({@link RecencyPartitionCount}): an occurrence in a document with
   * event time {@code t} weighs {@code 2^-((T - t) / halfLife)} at the selection's time {@code T}
   * (the newest event time seen), so the vocabulary follows a changing corpus. Event time, never
   * processing time, so a restored job computes the same counts.
   */
  RECENCY
}
