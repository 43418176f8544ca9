package dev.scone.jobs.rescore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Documents and tokens scored so far by the subtasks of one run, in this JVM: what the local
 * command line polls to draw its progress bar (the job runs in an in-process MiniCluster). In a
 * cluster the subtasks run elsewhere and only the Flink metrics ({@code documentsScored},
 * {@code tokensScored}) see them. Documents re-scored after a restore count again.
 *
 * <p>Thread-safe.
 */
public final class RescoreProgress {
  private static final ConcurrentHashMap<String, RescoreProgress> RUNS = new ConcurrentHashMap<>();

  private final LongAdder documents = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder reused = new LongAdder();
  private final LongAdder recycled = new LongAdder();

  /** The counters of run {@code runId} (created on first use). */
  public static RescoreProgress of(String runId) {
    return RUNS.computeIfAbsent(runId, id -> new RescoreProgress());
  }

  /** Forgets run {@code runId}. */
  public static void release(String runId) {
    RUNS.remove(runId);
  }

  void scored(long docs, long toks) {
    documents.add(docs);
    tokens.add(toks);
  }

  /** Of the documents {@link #scored}: scores reused, and documents run on stored activations. */
  void recycled(long reusedScores, long recycledDocs) {
    reused.add(reusedScores);
    recycled.add(recycledDocs);
  }

  void bad() {
    errors.increment();
  }

  public long documents() {
    return documents.sum();
  }

  public long tokens() {
    return tokens.sum();
  }

  /** Documents whose score this bundle computed in an earlier run. */
  public long reused() {
    return reused.sum();
  }

  /** Documents that ran only the upper blocks, on stored activations. */
  public long recycled() {
    return recycled.sum();
  }

  public long errors() {
    return errors.sum();
  }
}
