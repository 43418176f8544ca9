package dev.scone.jobs.rescore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a {@link RescoreJob} run needs.
 *
 * @param bundleDir a verified model bundle's directory (every subtask opens it)
 * @param logprobs whether lines carry {@code token_logprobs}
 * @param parallelism scoring subtasks, each with its own model handle, >= 1
 * @param batchDocuments documents per {@code Scorer.scoreAll} call, >= 1
 * @param checkpointDir where checkpoints go (a local directory)
 * @param checkpointIntervalMs checkpoint interval (ms); the file output commits on each
 * @param restartAttempts restarts from the last checkpoint before the job fails, >= 0
 * @param runId names this run's progress counters and Kafka transactions; unique per run
 * @param recycle how to reuse earlier runs' scores and activations, or null to score everything
 */
public record RescoreConfig(String bundleDir, RescoreInput input, RescoreOutput output, boolean logprobs,
    int parallelism, int batchDocuments, Path checkpointDir, long checkpointIntervalMs, int restartAttempts,
    String runId, RecycleConfig recycle) {

  public static final int DEFAULT_BATCH_DOCUMENTS = 8;

  public RescoreConfig {
    Objects.requireNonNull(bundleDir, "bundleDir");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    Objects.requireNonNull(runId, "runId");
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    if (batchDocuments < 1) throw new IllegalArgumentException("batchDocuments must be >= 1, got " + batchDocuments);
    if (checkpointIntervalMs < 10) throw new IllegalArgumentException("checkpoint interval must be >= 10 ms, got " + checkpointIntervalMs);
    if (restartAttempts < 0) throw new IllegalArgumentException("restartAttempts must be >= 0, got " + restartAttempts);
  }

  /** Batches of 8, checkpoints every 2 s, 3 restarts, a random run id, no recycling. */
  public static RescoreConfig of(Path bundleDir, RescoreInput input, RescoreOutput output, boolean logprobs,
      int parallelism, Path checkpointDir) {
    return new RescoreConfig(bundleDir.toAbsolutePath().toString(), input, output, logprobs, parallelism,
        DEFAULT_BATCH_DOCUMENTS, checkpointDir, 2_000, 3, java.util.UUID.randomUUID().toString(), null);
  }

  public RescoreConfig withBatchDocuments(int n) {
    return new RescoreConfig(bundleDir, input, output, logprobs, parallelism, n, checkpointDir, checkpointIntervalMs,
        restartAttempts, runId, recycle);
  }

  /** With recycling (null: off). */
  public RescoreConfig withRecycle(RecycleConfig r) {
    return new RescoreConfig(bundleDir, input, output, logprobs, parallelism, batchDocuments, checkpointDir,
        checkpointIntervalMs, restartAttempts, runId, r);
  }

  public RescoreConfig withCheckpointInterval(long ms) {
    return new RescoreConfig(bundleDir, input, output, logprobs, parallelism, batchDocuments, checkpointDir, ms,
        restartAttempts, runId, recycle);
  }
}
