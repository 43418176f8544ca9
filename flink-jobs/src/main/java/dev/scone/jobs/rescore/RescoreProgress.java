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

  void bad() {
    errors.increment();
  }

  public long documents() {
    return documents.sum();
  }

  public long tokens() {
    return tokens.sum();
  }

  public long errors() {
    return errors.sum();
  }
}
