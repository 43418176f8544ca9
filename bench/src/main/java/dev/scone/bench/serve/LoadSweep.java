package dev.scone.bench.serve;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.jobs.serve.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench serve --sweep}: the serving job's sustainable throughput, then its latency at 25%,
 * 50%, 100% and 200% of it, in both delivery modes, with the SCONE bundle. Throughput is measured
 * by offering {@link #SATURATION}x the configured rate with at-least-once delivery (requests the
 * admission limit sheds are not counted). Each load point is a fresh job on its own topics, as in
 * {@link ServeBench}; latency is send-to-answer as a read_committed client sees it, over the
 * requests the model answered; the share answered {@code overloaded} and the requests with no
 * answer at all when the phase ended are reported beside it.
 *
 * <p>The result's value is the at-least-once p99 at 50% load, its baseline the exactly-once p99 at
 * the same load: the price of exactly-once visibility. Each point also reports its job's longest
 * completed checkpoint (end to end, from Flink's REST API).
 */
public final class LoadSweep {
  static final double[] LOADS = {0.25, 0.5, 1.0, 2.0};
  /** The capacity phase offers this multiple of the configured rate. */
  static final double SATURATION = 4;

  private LoadSweep() {}

  /**
   * @param compareCheckpointing also run the exactly-once 200% point with plain aligned and with
   *     unaligned checkpoints, beside the buffer debloating the job runs with
   */
  /** What one load point measured, each figure named {@code <point>_...}. */
  private static List<Figure> pointFigures(String point, LoadPhase.Result r) {
    return List.of(
        new Figure(point + "_p50_ms", r.p50Ms(), "ms, send to answer"),
        new Figure(point + "_p99_ms", r.p99Ms(), "ms"),
        new Figure(point + "_job_p99_ms", r.jobP99Ms(), "ms, job read to model answer"),
        new Figure(point + "_overloaded_share", (double) r.overloaded() / r.sent(), "of requests"),
        new Figure(point + "_unanswered", r.unanswered(), "requests"),
        new Figure(point + "_longest_checkpoint_ms", r.checkpoints().longestMs(), "ms, of "
            + r.checkpoints().completed() + " completed"));
  }

  public static BenchResult run(Path store, Path workDir, ServeBench.Config config, boolean compareCheckpointing)
      throws Exception {
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, "serve-sweep");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(dir.resolve("kafka")).withAutoCreateTopics(false))) {
      BenchBundles bundles = ServeBench.bundles(store, dir);
      ServeBench.Texts texts = ServeBench.texts(bundles, config);
      String bootstrap = broker.bootstrapServers();
      LoadPhase.Result saturated = LoadPhase.run(bootstrap, "sweep.capacity", bundles.scone(), bundles, texts.json(),
          config.at(SATURATION * config.rate(), ServeConfig.Delivery.AT_LEAST_ONCE, config.checkpointing()));
      double capacity = saturated.requestsPerSecond();
      List<Figure> figures = new ArrayList<>(List.of(
          new Figure("sustainable_throughput", capacity, "requests/s (model answers, offered "
              + Math.round(SATURATION * config.rate()) + "/s)"),
          new Figure("capacity_phase_overloaded", saturated.overloaded(), "requests shed"),
          new Figure("tokens_per_request", texts.meanTokens(), "tokens (mean)"),
          new Figure("phase_seconds", config.seconds(), "s"),
          new Figure("checkpoint_interval_ms", config.checkpointIntervalMs(), "ms"),
          new Figure("max_queue_ms", config.maxQueueMs(), "ms"),
          new Figure("trained_bundles", bundles.trained() ? 1 : 0, "1 = from the store, 0 = random weights")));
      double[] p99AtHalf = new double[2];
      for (ServeConfig.Delivery mode : ServeConfig.Delivery.values()) {
        for (double load : LOADS) {
          String point = mode.name().toLowerCase(Locale.ROOT) + "_" + Math.round(100 * load) + "pct";
          LoadPhase.Result r = LoadPhase.run(bootstrap, "sweep." + point.replace('_', '-'), bundles.scone(), bundles,
              texts.json(), config.at(load * capacity, mode, config.checkpointing()));
          figures.addAll(pointFigures(point, r));
          if (load == 0.5) p99AtHalf[mode.ordinal()] = r.p99Ms();
        }
      }
      if (compareCheckpointing) {
        for (ServeBench.Config.Checkpointing way : List.of(ServeBench.Config.Checkpointing.ALIGNED,
            ServeBench.Config.Checkpointing.UNALIGNED)) {
          String point = "exactly_once_200pct_" + way.name().toLowerCase(Locale.ROOT);
          LoadPhase.Result r = LoadPhase.run(bootstrap, "sweep." + point.replace('_', '-'), bundles.scone(), bundles,
              texts.json(), config.at(2 * capacity, ServeConfig.Delivery.EXACTLY_ONCE, way));
          figures.addAll(pointFigures(point, r));
        }
      }
      return new BenchResult("serve-sweep", p99AtHalf[ServeConfig.Delivery.AT_LEAST_ONCE.ordinal()],
          "ms (at-least-once p99 at 50% load)", "exactly-once p99 at 50% load",
          p99AtHalf[ServeConfig.Delivery.EXACTLY_ONCE.ordinal()], figures);
    } finally {
      ServeBench.deleteRecursively(dir);
    }
  }
}
