package dev.scone.cli;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cluster.ClusterConfig;
import dev.scone.cluster.FlinkRest;
import dev.scone.cluster.JobControl;
import dev.scone.cluster.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scone cluster start | stop | status | stop-job}: a Flink standalone session cluster (one
 * JobManager, N TaskManagers) and a 3-node Kafka quorum, each process a JVM of its own on
 * 127.0.0.1, that outlive the command and are found again through the state file in the work dir.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {"Run a local Flink cluster and a 3-node Kafka.",
        "One Flink JobManager and N TaskManagers (2 slots each) and 3 KRaft Kafka nodes (topics replicated 3 times,"
            + " min.insync.replicas 2), all on 127.0.0.1, with Flink's settings from docker/flink/scone-flink.yaml"
            + " (what docker-compose.yml deploys). Jobs go to it with `serve --cluster DIR` and"
            + " `count-live --cluster DIR`."},
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class,
        ClusterCommand.StopJob.class})
public final class ClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return CliConventions.missingCommand(spec);
  }

  /** The --work-dir option shared by the subcommands. */
  static final class WorkDir {
    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Configuration, logs, state file, Kafka data and the shared store (DIR/store). Default:"
            + " $SCONE_CACHE/cluster, else ~/.cache/scone/cluster.")
    Path workDir;

    Path resolve() {
      return workDir != null ? workDir.toAbsolutePath() : defaultWorkDir();
    }

    static Path defaultWorkDir() {
      String cache = System.getenv("SCONE_CACHE");
      Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "scone");
      return root.resolve("cluster").toAbsolutePath();
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Start the cluster in the background.",
          "It keeps running after this command, which prints the REST address and the Kafka bootstrap servers"
              + " once every TaskManager registered."})
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkDir dir;

    @Option(names = "--taskmanagers", defaultValue = "2", paramLabel = "N", description = "TaskManagers, 2 slots each.")
    int taskManagers;

    @Option(names = "--taskmanager-memory", defaultValue = "1536m", paramLabel = "SIZE",
        description = "Each TaskManager's process size (Flink's taskmanager.memory.process.size).")
    String taskManagerMemory;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Path work = dir.resolve();
      Optional<LocalCluster> running = LocalCluster.attach(work);
      if (running.isPresent()) {
        out.println("cluster already running on " + work + ": REST " + running.get().restAddress() + ", Kafka "
            + running.get().bootstrapServers());
        return 0;
      }
      ClusterConfig config = OptionNames.build(spec, java.util.Map.of("taskManagers", "--taskmanagers",
          "memory sizes", "--taskmanager-memory"), () -> ClusterConfig.in(work, taskManagers)
          .withTaskManagerMemory(taskManagerMemory));
      out.printf("starting 3 Kafka nodes, a JobManager and %d TaskManagers (%s each) under %s ...%n", taskManagers,
          taskManagerMemory, work);
      out.flush();
      long t0 = System.nanoTime();
      LocalCluster cluster = LocalCluster.start(config);
      out.printf("cluster running (ready in %.1f s)%n", (System.nanoTime() - t0) / 1e9);
      describe(cluster, out);
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Stop every process `cluster start` started.",
          "TaskManagers, JobManager, then Kafka: SIGTERM, SIGKILL after 30 s; returns once all are gone."
              + " Jobs are not savepointed: use `cluster stop-job` first to keep their state."})
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkDir dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path work = dir.resolve();
      Optional<LocalCluster> running = LocalCluster.attach(work);
      if (running.isEmpty()) {
        out.println("no cluster running on " + work);
        out.flush();
        return 0;
      }
      List<Long> pids = running.get().taskManagerPids();
      running.get().stop();
      out.printf("stopped the cluster on %s (JobManager pid %d, TaskManager pids %s, Kafka nodes)%n", work,
          running.get().state().jobManagerPid(), pids);
      out.flush();
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Say what runs: processes, slots, jobs, Kafka nodes.",
          "Exit code 0 when the JobManager answers, " + BrokerCommand.NOT_RUNNING + " when not."})
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkDir dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path work = dir.resolve();
      Optional<LocalCluster> running = LocalCluster.attach(work);
      if (running.isEmpty()) {
        out.println("cluster not running (work dir " + work + ")");
        out.flush();
        return BrokerCommand.NOT_RUNNING;
      }
      return describe(running.get(), out) ? 0 : BrokerCommand.NOT_RUNNING;
    }
  }

  @Command(name = "stop-job", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Stop a job with a savepoint.",
          "Prints the savepoint's path; `serve`/`count-live --cluster DIR --from-savepoint PATH` resumes from it,"
              + " at any --parallelism."})
  static final class StopJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkDir dir;

    @Parameters(paramLabel = "JOB_ID", description = "The job's id (`cluster status` lists them).")
    String jobId;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Path work = dir.resolve();
      LocalCluster cluster = LocalCluster.attach(work).orElseThrow(() ->
          new IllegalStateException("no cluster running on " + work + "; start one with `scone cluster start`"));
      String savepoint = JobControl.stopWithSavepoint(cluster.restAddress(), jobId, null);
      out.println("stopped job " + jobId + " with savepoint " + savepoint);
      out.flush();
      return 0;
    }
  }

  /** Prints processes, slots, jobs and Kafka nodes; whether the JobManager answered. */
  private static boolean describe(LocalCluster cluster, PrintWriter out) {
    Optional<FlinkRest.Overview> overview = cluster.rest().overview();
    out.printf("JobManager pid %d, REST http://%s %s%n", cluster.state().jobManagerPid(), cluster.restAddress(),
        overview.isPresent() ? "(answers)" : "(does not answer)");
    overview.ifPresent(o -> out.printf("TaskManagers registered %d, slots %d (%d free), jobs running %d%n",
        o.taskManagers(), o.slotsTotal(), o.slotsAvailable(), o.jobsRunning()));
    List<Long> pids = cluster.taskManagerPids();
    for (int i = 0; i < pids.size(); i++) {
      out.printf("TaskManager %d: %s (log %s)%n", i + 1, pids.get(i) < 0 ? "gone" : "pid " + pids.get(i),
          cluster.layout().taskManagerLog(i + 1));
    }
    for (FlinkRest.Job job : cluster.rest().jobs()) out.printf("job %s %s: %s%n", job.id(), job.name(), job.state());
    List<Optional<LocalKafkaBroker>> nodes = cluster.kafkaNodes();
    for (int i = 0; i < nodes.size(); i++) {
      Optional<LocalKafkaBroker> node = nodes.get(i);
      out.printf("Kafka node %d: %s%n", i + 1, node.map(b -> b.bootstrapServers() + " pid " + b.pid()
          + (b.isAnswering(Duration.ofSeconds(3)) ? "" : " (does not answer)")).orElse("down"));
    }
    out.printf("Kafka bootstrap %s%nstore %s (jobs: --cluster %s)%n", cluster.bootstrapServers(),
        cluster.layout().store(), cluster.layout().workDir());
    out.flush();
    return overview.isPresent();
  }
}
