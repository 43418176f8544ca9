package dev.scone.cluster;

import dev.scone.broker.KafkaClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a local cluster ({@link LocalCluster}): one Flink JobManager and {@code taskManagers}
 * TaskManagers, each a JVM of its own, beside a Kafka quorum. Memory sizes are Flink's process
 * sizes (what the JVM may take in all: heap, direct, metaspace, overhead), as Flink writes them.
 *
 * @param layout where everything lives
 * @param taskManagers how many TaskManagers to start, each with the shared config's slots (2)
 * @param jobManagerMemory {@code jobmanager.memory.process.size}, e.g. {@code 768m}
 * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. {@code 1536m}: a serving
 *     subtask holds a model and maps a table, which live outside the heap
 * @param kafka the Kafka quorum's settings
 * @param startTimeout how long a start waits for the JobManager's REST API and every TaskManager
 */
public record ClusterConfig(ClusterLayout layout, int taskManagers, String jobManagerMemory, String taskManagerMemory,
    KafkaClusterConfig kafka, Duration startTimeout) {

  public ClusterConfig {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (taskManagers < 1) throw new IllegalArgumentException("taskManagers must be at least 1, found " + taskManagers);
    for (String size : new String[] {jobManagerMemory, taskManagerMemory}) {
      if (size == null || !size.matches("[0-9]+[mg]")) {
        throw new IllegalArgumentException("memory sizes are like 768m or 2g, found " + size);
      }
    }
  }

  /** {@code taskManagers} TaskManagers of 1536m, a JobManager of 768m, 3 Kafka nodes (RF 3, min ISR 2), 180 s to start. */
  public static ClusterConfig in(Path workDir, int taskManagers) {
    ClusterLayout layout = new ClusterLayout(workDir);
    return new ClusterConfig(layout, taskManagers, "768m", "1536m", KafkaClusterConfig.in(layout.kafkaDir()),
        Duration.ofSeconds(180));
  }

  public ClusterConfig withTaskManagerMemory(String size) {
    return new ClusterConfig(layout, taskManagers, jobManagerMemory, size, kafka, startTimeout);
  }
}
