package dev.scone.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code scone serve} and {@code scone count-live}, each in a child JVM of its own, started plainly
 * (no checkpoint flags): both keep their checkpoints under the store by default and continue from
 * the newest there when started again:
 * what a machine running both would be, for the drills to kill and restart.
 */
final class LiveJobs implements AutoCloseable {
  static final Duration START_LIMIT = Duration.ofSeconds(120);
  /** Small f-gram settings, so that top-S over a few dozen documents matters. */
  static final int MAX_N = 3;
  static final int FGRAMS = 40;
  static final long MIN_COUNT = 2;

  private final ChildJvm serve;
  private final ChildJvm count;

  private LiveJobs(ChildJvm serve, ChildJvm count) {
    this.serve = serve;
    this.count = count;
  }

  /** Starts both and returns once each printed that it runs; {@code run} numbers the log files. */
  static LiveJobs start(String bootstrap, Path work, Path bundleDir, int run) throws IOException, InterruptedException {
    Path logs = work.resolve("logs");
    Path store = work.resolve("store");
    ChildJvm serve = ChildJvm.start(List.of("serve", "--bootstrap", bootstrap, "--bundle", bundleDir.toString(),
        "--store", store.toString(), "--batch-size", "8", "--batch-timeout-ms", "10", "--checkpoint-interval-ms", "300"),
        logs.resolve("serve-" + run + ".log"), 768);
    ChildJvm count = ChildJvm.start(List.of("count-live", "--bootstrap", bootstrap, "--store", store.toString(),
        "--parallelism", "1",
        "--fgrams", Integer.toString(FGRAMS), "--fgram-min-count", Long.toString(MIN_COUNT), "--max-n", Integer.toString(MAX_N),
        "--publish-interval-ms", "300", "--checkpoint-interval-ms", "300"),
        logs.resolve("count-" + run + ".log"), 512);
    LiveJobs jobs = new LiveJobs(serve, count);
    try {
      serve.awaitLog("Ctrl-C stops serving", START_LIMIT);
      count.awaitLog("Ctrl-C stops counting", START_LIMIT);
    } catch (IOException | RuntimeException | InterruptedException e) {
      jobs.close();
      throw e;
    }
    return jobs;
  }

  ChildJvm serve() {
    return serve;
  }

  /** SIGKILL to both at once, as a machine that loses power. */
  void kill() throws InterruptedException {
    serve.kill();
    count.kill();
  }

  /** Fails naming the logs when either job's JVM died by itself. */
  void assertAlive() throws IOException {
    for (ChildJvm c : List.of(serve, count)) {
      if (!c.isAlive()) throw new IllegalStateException("job JVM died by itself; log " + c.log() + ":\n" + c.tail());
    }
  }

  /** What each job JVM listens on. */
  List<SafeDefaults.Listening> listening() throws IOException {
    return List.of(SafeDefaults.of("scone serve", serve.pid()), SafeDefaults.of("scone count-live", count.pid()));
  }

  /** Fails unless both jobs said they restored a retained checkpoint (a fresh start would re-answer everything). */
  void assertContinued() throws IOException {
    for (ChildJvm c : List.of(serve, count)) {
      if (!c.tail().contains("continuing from checkpoint")) {
        throw new IllegalStateException("restarted without a retained checkpoint; log " + c.log() + ":\n" + c.tail());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
