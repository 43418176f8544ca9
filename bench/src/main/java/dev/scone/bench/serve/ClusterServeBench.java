package dev.scone.bench.serve;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.cluster.ClusterConfig;
import dev.scone.cluster.JobControl;
import dev.scone.cluster.LocalCluster;
import dev.scone.jobs.serve.InferenceJob;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bench serve --cluster}: the serving job's sustained requests/s on a local multi-process
 * cluster ({@link LocalCluster}: 2 TaskManagers of 2 slots, 3 Kafka nodes) at parallelism 1 and 2,
 * and on a MiniCluster in this JVM at parallelism 2 against the same Kafka, phases interleaved
 * (cluster 1, cluster 2, MiniCluster 2) so all see the same machine; medians over repetitions.
 * Each phase offers 4x the given rate, so the job is the bottleneck. The machine's load average
 * is recorded at the start and the end: on a shared 2-core machine the figures are busy ones, and
 * parallelism 2 can gain at most what the second core is free to give.
 */
public final class ClusterServeBench {
  private ClusterServeBench() {}

  /** Starts a cluster under {@code workDir}, measures, and stops it (also on failure). */
  public static BenchResult run(Path store, Path workDir, ServeBench.Config config) throws Exception {
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, "serve-cluster-bench");
    double loadStart = loadAverage();
    LocalCluster cluster = LocalCluster.start(ClusterConfig.in(dir.resolve("cluster"), 2));
    try {
      String bootstrap = cluster.bootstrapServers();
      BenchBundles bundles = ServeBench.bundles(store, cluster.layout().workDir());
      ServeBench.Texts texts = ServeBench.texts(bundles, config);
      ServeBench.Config saturating = config.at(4 * config.rate(), config.delivery(), config.checkpointing());
      LoadPhase.JobStart onCluster = onCluster(cluster);
      List<LoadPhase.Result> clusterOne = new ArrayList<>();
      List<LoadPhase.Result> clusterTwo = new ArrayList<>();
      List<LoadPhase.Result> miniTwo = new ArrayList<>();
      for (int r = 0; r < config.repetitions(); r++) {
        clusterOne.add(LoadPhase.run(bootstrap, "bench.cluster1." + r, bundles.scone(), bundles, texts.json(), saturating,
            onCluster, 1));
        clusterTwo.add(LoadPhase.run(bootstrap, "bench.cluster2." + r, bundles.scone(), bundles, texts.json(), saturating,
            onCluster, 2));
        miniTwo.add(LoadPhase.run(bootstrap, "bench.mini2." + r, bundles.scone(), bundles, texts.json(), saturating,
            LoadPhase.MINI_CLUSTER, 2));
      }
      return result(bundles, saturating, texts.meanTokens(), clusterOne, clusterTwo, miniTwo, loadStart, loadAverage());
    } finally {
      cluster.stop();
      ServeBench.deleteRecursively(dir);
    }
  }

  /** Submits over the cluster's REST API, as {@code scone serve --cluster} does. */
  private static LoadPhase.JobStart onCluster(LocalCluster cluster) {
    return (config, c) -> {
      Configuration conf = JobControl.clientConfiguration(cluster.restAddress());
      conf.set(DeploymentOptions.TARGET, "remote");
      conf.set(DeploymentOptions.ATTACHED, false);
      conf.addAll(InferenceJob.pipelineOptions());
      StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
      InferenceJob.wire(env, config);
      return new LoadPhase.Started(env.executeAsync(InferenceJob.name(config)), cluster.state().restPort());
    };
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static BenchResult result(BenchBundles b, ServeBench.Config c, double tokens, List<LoadPhase.Result> one,
      List<LoadPhase.Result> two, List<LoadPhase.Result> mini, double loadStart, double loadEnd) {
    double clusterTwo = median(two, LoadPhase.Result::requestsPerSecond);
    double miniTwo = median(mini, LoadPhase.Result::requestsPerSecond);
    String source = b.trained() ? "trained SCONE bundle of " + b.store() : "random-weight SCONE bundle (scone train's sizes)";
    return new BenchResult("serve --cluster", clusterTwo, "requests/s",
        "the same job on the cluster at parallelism 1, " + source + "; busy figures: load average " + round(loadStart)
            + " at the start, " + round(loadEnd) + " at the end, on " + Runtime.getRuntime().availableProcessors() + " cores",
        median(one, LoadPhase.Result::requestsPerSecond), List.of(
            new Figure("cluster_p1_rps", median(one, LoadPhase.Result::requestsPerSecond), "requests/s"),
            new Figure("cluster_p2_rps", clusterTwo, "requests/s"),
            new Figure("minicluster_p2_rps", miniTwo, "requests/s"),
            new Figure("cluster_vs_minicluster_p2", clusterTwo / miniTwo, "ratio"),
            new Figure("cluster_p1_p50_ms", median(one, LoadPhase.Result::p50Ms), "ms (send to committed answer)"),
            new Figure("cluster_p2_p50_ms", median(two, LoadPhase.Result::p50Ms), "ms"),
            new Figure("minicluster_p2_p50_ms", median(mini, LoadPhase.Result::p50Ms), "ms"),
            new Figure("overloaded_cluster_p2", two.stream().mapToInt(LoadPhase.Result::overloaded).sum(), "requests shed"),
            new Figure("offered_rate", c.rate(), "requests/s"),
            new Figure("tokens_per_request", tokens, "tokens (mean)"),
            new Figure("phase_seconds", c.seconds(), "s"),
            new Figure("repetitions", c.repetitions(), "triples"),
            new Figure("load_average_start", loadStart, "1-minute load average"),
            new Figure("load_average_end", loadEnd, "1-minute load average"),
            new Figure("cores", Runtime.getRuntime().availableProcessors(), "cores")));
  }

  private static String round(double x) {
    return String.format("%.1f", x);
  }

  private static double median(List<LoadPhase.Result> results, ToDoubleFunction<LoadPhase.Result> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
