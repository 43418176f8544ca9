package dev.scone.cli;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The long-running commands ({@code serve}, {@code count-live}) start their job in a local
 * MiniCluster, unless Flink's own client started this program ({@code flink run -c
 * dev.scone.cli.SconeCli scone-jobs.jar serve ...}): then the same job, with the same options, is
 * submitted to that cluster. So local runs and the cluster differ only in addresses and
 * parallelism.
 */
final class FlinkRun {
  private FlinkRun() {}

  /**
   * True when {@code flink run} started this program: Flink then hands out its cluster's context
   * environment instead of a local one.
   */
  static boolean submitting() {
    return !(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment);
  }

  /**
   * What a long-running command does once its job started: under {@code flink run} it reports the
   * submitted job and returns; locally it waits until the job ends, cancelling it on Ctrl-C.
   *
   * @return the command's exit code: 0, or 1 (with the reason on {@code err}) when the job failed
   */
  static int attend(JobClient job, String command, PrintWriter out, PrintWriter err) throws InterruptedException {
    return attend(job, command, out, err, false);
  }

  /** As {@link #attend(JobClient, String, PrintWriter, PrintWriter)}; {@code detached}: the job went to a cluster. */
  static int attend(JobClient job, String command, PrintWriter out, PrintWriter err, boolean detached)
      throws InterruptedException {
    if (detached || submitting()) {
      out.printf("submitted as job %s%n", job.getJobID());
      out.flush();
      return 0;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cancelQuietly(job), "scone-" + command + "-shutdown"));
    try {
      job.getJobExecutionResult().get();
      return 0;
    } catch (ExecutionException e) {
      err.println("scone " + command + ": " + e.getCause().getMessage());
      return 1;
    }
  }

  private static void cancelQuietly(JobClient job) {
    try {
      job.cancel().get();
    } catch (Exception e) {
      // the job may already have ended; nothing more to stop
    }
  }

  /** Wires a job onto the cluster's environment with {@code options} and submits it without waiting for it to end. */
  static JobClient submit(Configuration options, Consumer<StreamExecutionEnvironment> wire, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(options);
    wire.accept(env);
    return env.executeAsync(name);
  }

  /** Wires a job onto {@code target}'s cluster (REST submission) and submits it without waiting for it to end. */
  static JobClient submit(ClusterTarget target, Configuration options, Consumer<StreamExecutionEnvironment> wire,
      String name) throws Exception {
    StreamExecutionEnvironment env = target.environment(options);
    wire.accept(env);
    return env.executeAsync(name);
  }
}
