package dev.scone.broker;

import java.util.Objects;

/**
 * One node of a KRaft quorum as its server.properties needs it: broker and controller in one JVM.
 *
 * @param nodeId this node's id (1-based), also its id among the controller voters
 * @param port client (PLAINTEXT) port on {@link BrokerConfig#HOST}
 * @param controllerPort controller port on {@link BrokerConfig#HOST}
 * @param voters {@code controller.quorum.voters}: {@code id@host:port} of every node, comma-separated
 * @param replicas replication factor of new topics and of Kafka's internal topics
 * @param minInsyncReplicas {@code min.insync.replicas}, also of the transaction state log: an
 *     {@code acks=all} write (every transactional one) needs this many replicas in sync
 */
record KraftNode(int nodeId, int port, int controllerPort, String voters, int replicas, int minInsyncReplicas) {

  KraftNode {
    Objects.requireNonNull(voters, "voters");
    if (nodeId < 1 || replicas < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicas) {
      throw new IllegalArgumentException("expected nodeId >= 1 and 1 <= minInsyncReplicas <= replicas, found node "
          + nodeId + ", " + replicas + " replicas, min ISR " + minInsyncReplicas);
    }
  }

  /** The single-node broker of {@link LocalKafkaBroker}: its own only voter, everything replicated once. */
  static KraftNode single(int port, int controllerPort) {
    return new KraftNode(KraftConfig.NODE_ID, port, controllerPort,
        KraftConfig.NODE_ID + "@" + BrokerConfig.HOST + ":" + controllerPort, 1, 1);
  }
}
