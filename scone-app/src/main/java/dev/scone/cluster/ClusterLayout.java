package dev.scone.cluster;

import java.nio.file.Path;

/**
 * Where a local cluster keeps everything, under one work dir: Flink's configuration, every
 * process's log, the state file naming what runs, the Kafka nodes' data and the shared store
 * (bundles, vocabularies, checkpoints, savepoints). Knows names only; reads and writes nothing.
 */
public record ClusterLayout(Path workDir) {

  public ClusterLayout {
    workDir = workDir.toAbsolutePath().normalize();
  }

  /** Flink's config.yaml and log4j configuration, written at each start. */
  public Path confDir() {
    return workDir.resolve("conf");
  }

  /** One log per process: jobmanager.log, taskmanager-N.log. */
  public Path logDir() {
    return workDir.resolve("logs");
  }

  /** The store every process and every job shares: {@code --store} of the jobs run on this cluster. */
  public Path store() {
    return workDir.resolve("store");
  }

  /** Checkpoints of the jobs on this cluster (Flink's {@code execution.checkpointing.dir}), inside the store. */
  public Path checkpoints() {
    return store().resolve("checkpoints");
  }

  /** Savepoints (Flink's {@code execution.checkpointing.savepoint-dir}), inside the store. */
  public Path savepoints() {
    return store().resolve("savepoints");
  }

  /** The Kafka nodes' data dirs ({@code node-1}, ...). */
  public Path kafkaDir() {
    return workDir.resolve("kafka");
  }

  /** Pids and ports of the Flink processes, present while the cluster runs. */
  public Path stateFile() {
    return workDir.resolve("cluster.state");
  }

  /** The Flink JVMs' classpath as a java launcher @argfile (short command lines, recognisable in ps). */
  public Path classpathArgFile() {
    return confDir().resolve("classpath.args");
  }

  public Path jobManagerLog() {
    return logDir().resolve("jobmanager.log");
  }

  public Path taskManagerLog(int index) {
    return logDir().resolve("taskmanager-" + index + ".log");
  }
}
