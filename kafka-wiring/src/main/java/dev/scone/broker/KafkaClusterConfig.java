package dev.scone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a local Kafka quorum ({@link LocalKafkaCluster}): {@code nodes} KRaft nodes, each
 * broker and controller in a JVM of its own, on 127.0.0.1. Immutable; checked on construction.
 *
 * @param dir holds one data dir per node ({@code node-1}, ...) and {@code quorum.properties}
 * @param nodes how many nodes; a quorum of 3 survives the loss of one
 * @param replicas replication factor of every topic created without one, internal topics included
 * @param minInsyncReplicas {@code min.insync.replicas}: acknowledged writes survive the loss of
 *     {@code replicas - minInsyncReplicas} nodes, and writes stop rather than risk more
 * @param heapMb maximum heap of each node's JVM, in MiB
 * @param startTimeout how long a start waits for every node to answer
 */
public record KafkaClusterConfig(Path dir, int nodes, int replicas, int minInsyncReplicas, int heapMb,
    Duration startTimeout) {

  public KafkaClusterConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    dir = dir.toAbsolutePath().normalize();
    if (nodes < 1 || replicas < 1 || replicas > nodes || minInsyncReplicas < 1 || minInsyncReplicas > replicas) {
      throw new IllegalArgumentException("expected 1 <= minInsyncReplicas <= replicas <= nodes, found " + nodes
          + " nodes, " + replicas + " replicas, min ISR " + minInsyncReplicas);
    }
    if (heapMb < 128) {
      throw new IllegalArgumentException("heapMb must be at least 128 MiB for a Kafka node, found " + heapMb);
    }
  }

  /** 3 nodes, replication factor 3, min ISR 2, 384 MiB heap each, 120 s to start (3 JVMs at once on 2 cores). */
  public static KafkaClusterConfig in(Path dir) {
    return new KafkaClusterConfig(dir, 3, 3, 2, 384, Duration.ofSeconds(120));
  }

  /** The data dir of node {@code id} (1-based). */
  public Path nodeDir(int id) {
    return dir.resolve("node-" + id);
  }
}
