package dev.scone.demo;

import dev.scone.jobs.RetainedCheckpoints;
import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.CountingMode;
import dev.scone.jobs.count.KafkaCountConfig;
import dev.scone.jobs.count.KafkaFgramCountJob;
import dev.scone.jobs.count.StreamingIntervals;
import dev.scone.jobs.serve.InferenceJob;
import dev.scone.jobs.serve.ServeConfig;
import dev.scone.model.bundle.BundleRef;
import dev.scone.trainer.TrainerConfig;
import dev.scone.trainer.TrainerService;
import dev.scone.trainer.TrainerStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs while text streams in: the f-gram count job and the inference job, each in a local
 * Flink MiniCluster in this JVM, and the trainer service on a thread of its own. {@link #stop}
 * (idempotent, any thread) ends all three.
 */
final class LiveSystem {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSystem.class);
  private static final long CHECKPOINT_MS = 1_000; // announcements and answers become visible at checkpoints

  private final JobClient count;
  private final JobClient serve;
  private final TrainerService trainer;
  private final Thread trainerThread;
  private boolean stopped;

  private LiveSystem(JobClient count, JobClient serve, TrainerService trainer, Thread trainerThread) {
    this.count = count;
    this.serve = serve;
    this.trainer = trainer;
    this.trainerThread = trainerThread;
  }

  /**
   * Starts the count job publishing into {@code live}'s store, serving {@code initial} (a bundle of
   * that store), and the trainer judging on its held-out text and retraining on its recent text.
   */
  static LiveSystem start(DemoPlan plan, String bootstrap, LiveStore live, BundleRef initial) throws Exception {
    Path store = live.store();
    CountJobConfig counting = new CountJobConfig("gpt2", plan.maxN(), plan.fgrams(), plan.fgramMinCount(), 1,
        CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS, true, CountingMode.EXACT, store.toString(), "");
    KafkaCountConfig kafka = new KafkaCountConfig(bootstrap, KafkaCountConfig.CORPUS_TOPIC, KafkaCountConfig.VOCAB_TOPIC,
        "scone-demo-count", CHECKPOINT_MS);
    // File checkpoints: the count state outgrows the 5 MB of Flink's default in-memory checkpoints.
    Configuration flink = RetainedCheckpoints.in(live.checkpoints());
    JobClient count = KafkaFgramCountJob.start(counting, new StreamingIntervals(1_000, 3_000), kafka, flink);
    JobClient serve = null;
    try {
      ServeConfig serving = ServeConfig.defaults(bootstrap, store.toString(), initial, plan.context())
          .withCheckpointInterval(200).withGroup("scone-demo-serve", "scone-demo-serve");
      serve = InferenceJob.start(serving);
      TrainerConfig tc = TrainerConfig.defaults(bootstrap, store, live.heldOut())
          .withGroup("scone-demo-trainer", "scone-demo-trainer-producer")
          // Retrain when the gate rejects a refresh: the honest path the refresh study recommends.
          .withRetraining(live.recent(), 0, null, 1.0, plan.warmStart());
      TrainerService trainer = TrainerService.create(tc);
      Thread thread = new Thread(trainer::run, "scone-demo-trainer");
      thread.setDaemon(true);
      thread.start();
      return new LiveSystem(count, serve, trainer, thread);
    } catch (Exception | Error e) {
      cancel(count);
      if (serve != null) cancel(serve);
      throw e;
    }
  }

  TrainerStats trainerStats() {
    return trainer.stats();
  }

  /** Stops the trainer (after the version in hand), then cancels both jobs. Idempotent. */
  synchronized void stop() {
    if (stopped) return;
    stopped = true;
    trainer.stop();
    try {
      trainerThread.join(Duration.ofMinutes(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    trainer.close();
    cancel(serve);
    cancel(count);
  }

  private static void cancel(JobClient job) {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("cancelling {}: {}", job.getJobID(), e.toString()); // it may have ended already
    }
  }
}
