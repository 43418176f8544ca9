package dev.scone.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the configuration files of a KRaft node: one JVM that is both broker and controller, every
 * listener on {@link BrokerConfig#HOST}; a single node replicates everything once, a node of a
 * quorum ({@link LocalKafkaCluster}) as its {@link KraftNode} says.
 */
final class KraftConfig {

  /** The one node of the cluster; also the only controller voter. */
  static final int NODE_ID = 1;

  private KraftConfig() {}

  /** Writes server.properties and the log4j2 config into the data dir, replacing earlier ones. */
  static void write(BrokerFiles files, int port, int controllerPort, boolean autoCreateTopics) {
    write(files, KraftNode.single(port, controllerPort), autoCreateTopics);
  }

  /** Writes server.properties for {@code node} and the log4j2 config into the data dir, replacing earlier ones. */
  static void write(BrokerFiles files, KraftNode node, boolean autoCreateTopics) {
    writeText(files.serverProperties(), serverProperties(files, node, autoCreateTopics));
    writeText(files.log4jConfig(), LOG4J2);
  }

  static String serverProperties(BrokerFiles files, int port, int controllerPort, boolean autoCreateTopics) {
    return serverProperties(files, KraftNode.single(port, controllerPort), autoCreateTopics);
  }

  static String serverProperties(BrokerFiles files, KraftNode node, boolean autoCreateTopics) {
    String host = BrokerConfig.HOST;
    int port = node.port();
    int controllerPort = node.controllerPort();
    String replicas = Integer.toString(node.replicas());
    String minIsr = Integer.toString(node.minInsyncReplicas());
    // Kafka reads backslashes in .properties values as escapes; storage paths are absolute Unix paths.
    String storage = files.storageDir().toString().replace("\\", "/");
    return String.join("\n",
        "# Written by scone (dev.scone.broker.KraftConfig) at every start; edits are overwritten.",
        "process.roles=broker,controller",
        "node.id=" + node.nodeId(),
        // Static voters (not a dynamic quorum): the controller port may change between restarts.
        "controller.quorum.voters=" + node.voters(),
        "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
        "advertised.listeners=PLAINTEXT://" + host + ":" + port,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + storage,
        // Internal topics cannot have more replicas than there are nodes (one node: 1, or group
        // coordination and transactions never become available); on a quorum every write of a
        // transaction needs min ISR replicas, so one node may fail without losing a commit.
        "offsets.topic.replication.factor=" + replicas,
        "transaction.state.log.replication.factor=" + replicas,
        "transaction.state.log.min.isr=" + minIsr,
        "share.coordinator.state.topic.replication.factor=" + replicas,
        "share.coordinator.state.topic.min.isr=" + minIsr,
        "default.replication.factor=" + replicas,
        "min.insync.replicas=" + minIsr,
        // 50 partitions each (the defaults) buy nothing on one node and slow the first group
        // join and the first transaction by creating 100 partitions.
        "offsets.topic.num.partitions=4",
        "transaction.state.log.num.partitions=4",
        // Consumer groups start at once instead of waiting 3 s for more members.
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=" + autoCreateTopics,
        "num.partitions=1",
        "");
  }

  /** Console only: the launcher sends the broker's stdout to the log file in the data dir. */
  private static final String LOG4J2 = String.join("\n",
      "status=warn",
      "appender.out.type=Console",
      "appender.out.name=out",
      "appender.out.layout.type=PatternLayout",
      "appender.out.layout.pattern=[%d] %p %m (%c)%n",
      "rootLogger.level=INFO",
      "rootLogger.appenderRef.out.ref=out",
      // The request logger and the state-change logger repeat at INFO what the broker log says.
      "logger.request.name=kafka.request.logger",
      "logger.request.level=WARN",
      "logger.state.name=state.change.logger",
      "logger.state.level=WARN",
      // Every client and server config dump (~1,200 lines per start) would push the lines that
      // explain a failed start out of the log tail; server.properties sits beside the log.
      "logger.config.name=org.apache.kafka.common.config.AbstractConfig",
      "logger.config.level=WARN",
      "");

  private static void writeText(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write broker config " + file, e);
    }
  }
}
