package dev.scone.jobs.rescore;

import dev.scone.fgram.files.FileTrees;
import dev.scone.jobs.rescore.RescoreInput.JsonlFiles;
import dev.scone.jobs.rescore.RescoreInput.KafkaRange;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.progress.Progress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a {@link RescoreJob} to the end in the current environment (a local MiniCluster unless a
 * test or cluster set one) and, for a file output, merges the committed parts into the file.
 * With {@code showProgress} stderr shows documents/s, the ETA and tokens/s ({@link Progress}), polled from
 * {@link RescoreProgress} every 500 ms.
 */
public final class RescoreRun {
  private static final long POLL_MS = 500;

  private RescoreRun() {}

  /**
   * What a finished run wrote.
   *
   * @param lines output lines (documents scored plus error lines); for a Kafka output, what the
   *     subtasks emitted (documents re-scored after a restore count again; the topic has each once)
   * @param errors error lines (bad records)
   * @param tokens tokens scored (as emitted, see lines)
   * @param seconds wall time of the job
   * @param reused documents whose score this bundle computed in an earlier run (counted as emitted)
   * @param recycled documents that ran only the upper blocks on stored activations (as emitted)
   */
  public record Result(long lines, long errors, long tokens, double seconds, long reused, long recycled) {
    public double documentsPerSecond() {
      return (lines - errors) / seconds;
    }

    public double tokensPerSecond() {
      return tokens / seconds;
    }
  }

  public static Result run(RescoreConfig config, boolean showProgress) throws Exception {
    return run(config, showProgress, UnaryOperator.identity());
  }

  /** As {@link #run(RescoreConfig, boolean)} with a step before parsing (see {@link RescoreJob#wire}). */
  public static Result run(RescoreConfig config, boolean showProgress, UnaryOperator<DataStream<RawRecord>> beforeParse)
      throws Exception {
    return run(RescoreJob.environment(config), config, showProgress, beforeParse);
  }

  /**
   * As {@link #run(RescoreConfig, boolean)} in {@code env}, e.g. a session cluster's (configured
   * with {@link RescoreJob#options} and {@link RescoreJob#configure}). The cluster's TaskManagers
   * must see the output and recycle directories at the same paths (one machine, or a shared file
   * system). Progress and the token, reuse and recycling counts are kept by the subtasks in their
   * own JVMs, so for a job on a cluster they read 0 here: the lines and bad records of a file
   * output are counted from the merged file.
   */
  public static Result run(StreamExecutionEnvironment env, RescoreConfig config, boolean showProgress,
      UnaryOperator<DataStream<RawRecord>> beforeParse) throws Exception {
    if (config.output() instanceof JsonlFile file) FileTrees.delete(file.partsDir()); // a crashed run's
    RescoreJob.wire(env, config, beforeParse);
    long started = System.nanoTime();
    RescoreProgress progress = RescoreProgress.of(config.runId());
    try {
      JobClient job = env.executeAsync("scone rescore (" + describe(config) + ")");
      if (showProgress) {
        try (Progress shown = Progress.start("rescore", expectedRecords(config.input()), "docs")) {
          await(job.getJobExecutionResult(), shown, progress);
        }
      } else {
        job.getJobExecutionResult().get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (config.output() instanceof JsonlFile file) {
        PartFiles.Merged merged = PartFiles.merge(file.partsDir(), file.file());
        return new Result(merged.lines(), merged.errors(), progress.tokens(), seconds, progress.reused(),
            progress.recycled());
      }
      return new Result(progress.documents() + progress.errors(), progress.errors(), progress.tokens(), seconds,
          progress.reused(), progress.recycled());
    } finally {
      RescoreProgress.release(config.runId());
    }
  }

  private static void await(CompletableFuture<JobExecutionResult> result, Progress shown, RescoreProgress progress)
      throws Exception {
    long started = System.nanoTime();
    while (true) {
      try {
        result.get(POLL_MS, TimeUnit.MILLISECONDS);
        show(shown, progress, started);
        return;
      } catch (TimeoutException stillRunning) {
        show(shown, progress, started);
      }
    }
  }

  private static void show(Progress shown, RescoreProgress progress, long started) {
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    shown.stepTo(progress.documents() + progress.errors());
    shown.note(String.format("%,.0f tokens/s", progress.tokens() / seconds));
  }

  /** Input records to go, for the ETA: lines of the files, or records in the Kafka range (an estimate). */
  static long expectedRecords(RescoreInput input) throws Exception {
    if (input instanceof JsonlFiles files) return LineIndex.of(files.files()).lines();
    return KafkaRangeSize.records((KafkaRange) input);
  }

  private static String describe(RescoreConfig config) {
    String in = config.input() instanceof JsonlFiles f ? f.files().size() + " files" : ((KafkaRange) config.input()).topic();
    String out = config.output() instanceof JsonlFile f ? f.file().getFileName().toString()
        : ((RescoreOutput.KafkaTopic) config.output()).topic();
    return in + " -> " + out;
  }
}
