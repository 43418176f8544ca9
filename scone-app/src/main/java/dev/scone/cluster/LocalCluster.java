package dev.scone.cluster;

import dev.scone.broker.KafkaClusterConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.broker.LocalKafkaCluster;
import dev.scone.broker.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * A Flink standalone session cluster and a Kafka quorum on this machine, every process a JVM of
 * its own bound to 127.0.0.1: one JobManager (REST API for job submission), N TaskManagers of 2
 * slots, 3 KRaft nodes; configuration, logs, the shared store and a state file naming every pid
 * under one work dir ({@link ClusterLayout}). The processes outlive the JVM that started them;
 * {@link #attach} finds them again and {@link #stop} ends exactly those.
 */
public final class LocalCluster {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final ClusterLayout layout;
  private final KafkaClusterConfig kafka;
  private final Duration startTimeout;
  private ClusterState state;

  private LocalCluster(ClusterLayout layout, KafkaClusterConfig kafka, Duration startTimeout, ClusterState state) {
    this.layout = layout;
    this.kafka = kafka;
    this.startTimeout = startTimeout;
    this.state = state;
  }

  /**
   * Starts Kafka, then the JobManager, then the TaskManagers, and returns once every TaskManager
   * registered. A start that fails stops whatever it started.
   *
   * @throws IllegalStateException when a cluster already runs on the work dir, or a process did not
   *     come up in time (naming its log)
   */
  public static LocalCluster start(ClusterConfig config) throws InterruptedException {
    ClusterLayout layout = config.layout();
    attach(layout.workDir()).ifPresent(running -> {
      throw new IllegalStateException("a cluster already runs on " + layout.workDir() + " (JobManager pid "
          + running.state.jobManagerPid() + ", REST " + running.state.restAddress() + "); stop it first");
    });
    createDirectories(layout);
    LocalKafkaCluster kafka = LocalKafkaCluster.start(config.kafka());
    List<Process> started = new ArrayList<>();
    try {
      int[] free = LoopbackPorts.free(3);
      FlinkSettings.Ports ports = new FlinkSettings.Ports(free[0], free[1], free[2]);
      Map<String, String> settings = FlinkSettings.resolve(config, ports);
      FlinkSettings.write(settings, layout);
      Process jobManager = FlinkProcess.startJobManager(layout, settings);
      started.add(jobManager);
      FlinkRest rest = new FlinkRest(FlinkSettings.HOST + ":" + ports.rest());
      awaitUntil(() -> rest.overview().isPresent(), jobManager, "the JobManager's REST API on port " + ports.rest(),
          layout.jobManagerLog(), config.startTimeout());
      List<Long> pids = new ArrayList<>();
      for (int i = 1; i <= config.taskManagers(); i++) {
        Process tm = FlinkProcess.startTaskManager(layout, settings, i);
        started.add(tm);
        pids.add(tm.pid());
      }
      int n = config.taskManagers();
      awaitUntil(() -> rest.overview().map(o -> o.taskManagers() >= n).orElse(false), jobManager,
          n + " TaskManagers registered", layout.logDir(), config.startTimeout());
      ClusterState state = new ClusterState(jobManager.pid(), ports.rest(), pids, kafka.bootstrapServers());
      state.write(layout.stateFile());
      return new LocalCluster(layout, config.kafka(), config.startTimeout(), state);
    } catch (RuntimeException | InterruptedException | Error e) {
      for (Process p : started) killAndWait(p.toHandle());
      kafka.stop();
      throw e;
    }
  }

  /** The cluster recorded on {@code workDir}, when its JobManager still runs. */
  public static Optional<LocalCluster> attach(Path workDir) {
    ClusterLayout layout = new ClusterLayout(workDir);
    return ClusterState.read(layout.stateFile())
        .filter(s -> ProcessHandle.of(s.jobManagerPid()).filter(h -> FlinkProcess.isOurs(h, layout)).isPresent())
        .map(s -> new LocalCluster(layout, KafkaClusterConfig.in(layout.kafkaDir()), Duration.ofSeconds(180), s));
  }

  public ClusterLayout layout() {
    return layout;
  }

  public ClusterState state() {
    return state;
  }

  /** {@code 127.0.0.1:PORT} of the JobManager's REST API: where jobs are submitted. */
  public String restAddress() {
    return state.restAddress();
  }

  /** The Kafka quorum's client addresses, comma-separated. */
  public String bootstrapServers() {
    return state.bootstrapServers();
  }

  public FlinkRest rest() {
    return new FlinkRest(restAddress());
  }

  public LocalKafkaCluster kafka() {
    return LocalKafkaCluster.attach(kafka).orElseThrow(() ->
        new IllegalStateException("no Kafka node of the cluster runs under " + kafka.dir()));
  }

  /** Each Kafka node's running broker, by id - 1; empty where that node is down. */
  public List<Optional<LocalKafkaBroker>> kafkaNodes() {
    return LocalKafkaCluster.attach(kafka).map(LocalKafkaCluster::nodes)
        .orElseGet(() -> Collections.nCopies(kafka.nodes(), Optional.empty()));
  }

  /** Pids of the TaskManagers that run now (of those this cluster started), by index - 1; -1 where gone. */
  public List<Long> taskManagerPids() {
    List<Long> pids = new ArrayList<>();
    for (long pid : state.taskManagerPids()) pids.add(isOurs(pid) ? pid : -1L);
    return pids;
  }

  /** The index of a TaskManager that runs at least one task, if any. */
  public Optional<Integer> busyTaskManager() {
    for (String id : rest().busyTaskManagers()) {
      for (int i = 1; i <= state.taskManagerPids().size(); i++) {
        if (id.equals(FlinkProcess.resourceId(i))) return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** SIGKILL to TaskManager {@code index} (1-based), as a machine that dies; returns once it is gone. */
  public void killTaskManager(int index) {
    long pid = state.taskManagerPids().get(index - 1);
    ProcessHandle.of(pid).filter(h -> FlinkProcess.isOurs(h, layout)).ifPresent(LocalCluster::killAndWait);
  }

  /** Starts one more TaskManager, recorded in the state file; returns its index once it registered. */
  public int startTaskManager() throws InterruptedException {
    Map<String, String> settings = GlobalConfiguration.loadConfiguration(layout.confDir().toString()).toMap();
    int index = state.taskManagerPids().size() + 1;
    Process tm = FlinkProcess.startTaskManager(layout, settings, index);
    state = state.withTaskManager(tm.pid());
    state.write(layout.stateFile());
    // By its id: a count could not tell it from a killed TaskManager the JobManager has not dropped yet.
    String id = FlinkProcess.resourceId(index);
    awaitUntil(() -> rest().taskManagerIds().contains(id), tm,
        "TaskManager " + index + " registered", layout.taskManagerLog(index), startTimeout);
    return index;
  }

  /**
   * Stops every process the state file names (TaskManagers, then the JobManager, then Kafka):
   * SIGTERM, then SIGKILL after 30 s; returns once all are gone, and removes the state file.
   *
   * @throws IllegalStateException naming a process that survived SIGKILL
   */
  public void stop() {
    List<Long> flink = new ArrayList<>(state.taskManagerPids());
    flink.add(state.jobManagerPid());
    List<ProcessHandle> ours = new ArrayList<>();
    for (long pid : flink) ProcessHandle.of(pid).filter(h -> FlinkProcess.isOurs(h, layout)).ifPresent(ours::add);
    ours.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : ours) {
      if (!awaitExit(h, STOP_WAIT)) killAndWait(h);
    }
    LocalKafkaCluster.attach(kafka).ifPresent(LocalKafkaCluster::stop);
    for (ProcessHandle h : ours) {
      if (h.isAlive()) throw new IllegalStateException("Flink process " + h.pid() + " is still alive after SIGKILL");
    }
    ClusterState.delete(layout.stateFile());
  }

  private boolean isOurs(long pid) {
    return ProcessHandle.of(pid).filter(h -> FlinkProcess.isOurs(h, layout)).isPresent();
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds();
  }

  private static void awaitUntil(Condition condition, Process watched, String what, Path logs,
      Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (!watched.isAlive()) {
        throw new IllegalStateException("waiting for " + what + ": process " + watched.pid() + " exited with code "
            + watched.exitValue() + "; see " + logs);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " within " + limit.toSeconds() + " s; see " + logs);
      }
      Thread.sleep(250);
    }
  }

  private static boolean awaitExit(ProcessHandle h, Duration wait) {
    try {
      h.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    } catch (ExecutionException e) {
      return !h.isAlive();
    }
  }

  private static void killAndWait(ProcessHandle h) {
    h.destroyForcibly();
    awaitExit(h, KILL_WAIT);
  }

  private static void createDirectories(ClusterLayout layout) {
    try {
      for (Path dir : List.of(layout.confDir(), layout.logDir(), layout.checkpoints(), layout.savepoints())) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster's directories under " + layout.workDir(), e);
    }
  }
}
