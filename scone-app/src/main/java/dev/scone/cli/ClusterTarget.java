package dev.scone.cli;

import dev.scone.cluster.JobControl;
import dev.scone.cluster.LocalCluster;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the long-running commands that send their job to a Flink session cluster instead
 * of a local MiniCluster, mixed in with {@code @Mixin}: {@code --cluster DIR} (the one {@code scone
 * cluster start} runs there, whose Kafka and store become the defaults) or {@code --jobmanager
 * HOST:PORT} (any session cluster's REST API), and {@code --from-savepoint}.
 */
public final class ClusterTarget {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--cluster", paramLabel = "DIR",
      description = "Submit the job to the cluster `scone cluster start --work-dir DIR` runs; its Kafka and"
          + " store are then the defaults of --bootstrap and --store.")
  Path clusterDir;

  @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
      description = "Submit the job to the Flink session cluster whose REST API answers here.")
  String jobManager;

  @Option(names = "--from-savepoint", paramLabel = "PATH",
      description = "With --cluster or --jobmanager: start from this savepoint or retained checkpoint"
          + " (also at another --parallelism).")
  String savepoint;

  /** Whether the job goes to a session cluster. */
  boolean given() {
    if (clusterDir != null && jobManager != null) {
      throw new ParameterException(spec.commandLine(), "--cluster and --jobmanager both name a cluster; give one");
    }
    if (savepoint != null && clusterDir == null && jobManager == null) {
      throw new ParameterException(spec.commandLine(), "--from-savepoint needs --cluster or --jobmanager (a local run continues"
          + " from its own checkpoints)");
    }
    return clusterDir != null || jobManager != null;
  }

  /** The local cluster named by {@code --cluster}, if any. */
  Optional<LocalCluster> cluster() {
    if (clusterDir == null) return Optional.empty();
    return Optional.of(LocalCluster.attach(clusterDir.toAbsolutePath()).orElseThrow(() -> new IllegalStateException(
        "no cluster running on " + clusterDir.toAbsolutePath() + "; start one with `scone cluster start --work-dir "
            + clusterDir + "`")));
  }

  /** Makes the cluster's Kafka and store the defaults of {@code bootstrap} and {@code store}. */
  void applyDefaults(BootstrapOption bootstrap, StoreOption store) {
    if (!given()) return; // also refuses contradicting options before any cluster is looked up
    cluster().ifPresent(c -> {
      bootstrap.defaultTo(c.bootstrapServers());
      store.defaultTo(c.layout().store());
    });
  }

  /**
   * An environment that submits to the cluster's REST API, detached, with the jobs jar attached
   * when it was built ({@code mvn -Pcluster package}: scone-app/target/scone-jobs.jar). The
   * cluster's processes already hold the jobs' classes (parent-first, as the image's lib/ does),
   * so without the jar the job runs the same.
   */
  StreamExecutionEnvironment environment(Configuration options) {
    String rest = jobManager != null ? jobManager : cluster().orElseThrow().restAddress();
    Configuration conf = JobControl.clientConfiguration(rest);
    conf.set(DeploymentOptions.TARGET, "remote");
    conf.set(DeploymentOptions.ATTACHED, false);
    jobsJar().ifPresent(jar -> conf.set(PipelineOptions.JARS, List.of(jar.toUri().toString())));
    if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    conf.addAll(options);
    return new StreamExecutionEnvironment(conf);
  }

  /** Where the job went, for the command's plan. */
  String describe() {
    String where = jobManager != null ? "Flink at " + jobManager : "the cluster on " + clusterDir.toAbsolutePath();
    String jar = jobsJar().map(j -> " with " + j.getFileName()).orElse("");
    return where + jar + (savepoint != null ? ", from savepoint " + savepoint : "");
  }

  private static Optional<Path> jobsJar() {
    try {
      Path classes = Path.of(ClusterTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = classes.resolveSibling("scone-jobs.jar");
      return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
