package dev.scone.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka quorum of several KRaft nodes (broker and controller in each JVM) on 127.0.0.1,
 * each node a {@link LocalKafkaBroker} with a data dir of its own under one directory, so each can
 * be found ({@link LocalKafkaBroker#attach}), killed and started again on its own. The nodes
 * outlive this JVM; {@link #stop} ends them. Ports are chosen at each start and kept in
 * {@code quorum.properties}, so a node started again alone ({@link #restartNode}) rejoins.
 */
public final class LocalKafkaCluster implements AutoCloseable {

  private static final String CLUSTER_ID = "cluster.id";

  private final KafkaClusterConfig config;

  private LocalKafkaCluster(KafkaClusterConfig config) {
    this.config = config;
  }

  /**
   * Starts every node (formatting storage with one cluster id on first use) and returns once each
   * answers. A start that fails stops what it started.
   *
   * @throws IllegalStateException when a node already runs on the directory, or a node did not answer in time
   */
  public static LocalKafkaCluster start(KafkaClusterConfig config) {
    for (int id = 1; id <= config.nodes(); id++) {
      int node = id;
      LocalKafkaBroker.attach(config.nodeDir(id)).ifPresent(running -> {
        throw new IllegalStateException("Kafka node " + node + " already runs on " + config.nodeDir(node) + " (pid "
            + running.pid() + "); stop the cluster first");
      });
    }
    BrokerLauncher.createDirectories(config.dir());
    int[] ports = LoopbackPorts.free(2 * config.nodes()); // [client ports..., controller ports...]
    Properties quorum = readQuorum(config).orElseGet(Properties::new);
    String clusterId = quorum.getProperty(CLUSTER_ID, Uuid.randomUuid().toString());
    quorum.setProperty(CLUSTER_ID, clusterId);
    String voters = voters(config, ports);
    String classpath = BrokerClasspath.resolve();
    for (int id = 1; id <= config.nodes(); id++) {
      BrokerFiles files = new BrokerFiles(config.nodeDir(id));
      BrokerLauncher.createDirectories(files.dataDir());
      KraftConfig.write(files, node(config, id, ports, voters), false);
      quorum.setProperty("node." + id + ".bootstrap", BrokerConfig.HOST + ":" + ports[id - 1]);
      BrokerLauncher.rotate(files.logFile(), files.previousLogFile());
      if (!files.isFormatted()) BrokerLauncher.format(files, classpath, clusterId);
    }
    writeQuorum(config, quorum);
    LocalKafkaCluster cluster = new LocalKafkaCluster(config);
    List<Process> started = new ArrayList<>();
    try {
      // All at once: a node answers only once a majority of the controllers elected a leader.
      for (int id = 1; id <= config.nodes(); id++) {
        started.add(BrokerLauncher.spawnBroker(new BrokerFiles(config.nodeDir(id)), classpath, config.heapMb(), true));
      }
      for (int id = 1; id <= config.nodes(); id++) awaitNode(config, id, started.get(id - 1));
    } catch (RuntimeException | Error e) {
      started.forEach(BrokerLauncher::killAndWait);
      throw e;
    }
    return cluster;
  }

  /** The cluster on {@code dir} when at least one of its nodes runs (see {@link #nodes}). */
  public static Optional<LocalKafkaCluster> attach(KafkaClusterConfig config) {
    LocalKafkaCluster cluster = new LocalKafkaCluster(config);
    return cluster.nodes().stream().anyMatch(Optional::isPresent) ? Optional.of(cluster) : Optional.empty();
  }

  /** Each node's running broker, by id - 1; empty where that node is down. */
  public List<Optional<LocalKafkaBroker>> nodes() {
    List<Optional<LocalKafkaBroker>> nodes = new ArrayList<>();
    for (int id = 1; id <= config.nodes(); id++) nodes.add(LocalKafkaBroker.attach(config.nodeDir(id)));
    return nodes;
  }

  /** Every node's client address, comma-separated, as recorded at the last start; for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    Properties quorum = readQuorum(config).orElseThrow(() ->
        new IllegalStateException("no " + quorumFile(config) + ": the cluster was never started"));
    List<String> servers = new ArrayList<>();
    for (int id = 1; id <= config.nodes(); id++) servers.add(quorum.getProperty("node." + id + ".bootstrap"));
    return String.join(",", servers);
  }

  /** Starts node {@code id} (1-based) again with the configuration of the last start; returns once it answers. */
  public LocalKafkaBroker restartNode(int id) {
    BrokerFiles files = new BrokerFiles(config.nodeDir(id));
    if (LocalKafkaBroker.attach(files.dataDir()).isPresent()) {
      throw new IllegalStateException("Kafka node " + id + " already runs on " + files.dataDir());
    }
    BrokerLauncher.rotate(files.logFile(), files.previousLogFile());
    Process process = BrokerLauncher.spawnBroker(files, BrokerClasspath.resolve(), config.heapMb(), true);
    try {
      return awaitNode(config, id, process);
    } catch (RuntimeException | Error e) {
      BrokerLauncher.killAndWait(process);
      throw e;
    }
  }

  /** Stops every running node (SIGTERM, then SIGKILL after the stop timeout) and returns once all are gone. */
  public void stop() {
    // All at once: stopped one by one, the last node would wait out its stop timeout for a
    // controlled shutdown that a quorum of one can never grant.
    List<LocalKafkaBroker> running = nodes().stream().flatMap(Optional::stream).collect(Collectors.toList());
    List<CompletableFuture<Void>> stops = running.stream()
        .map(broker -> CompletableFuture.runAsync(broker::stop)).collect(Collectors.toList());
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static LocalKafkaBroker awaitNode(KafkaClusterConfig config, int id, Process process) {
    BrokerFiles files = new BrokerFiles(config.nodeDir(id));
    String bootstrap = readQuorum(config).orElseThrow().getProperty("node." + id + ".bootstrap");
    BrokerProbe.awaitStarted(process, bootstrap, config.startTimeout(), files.logFile());
    new BrokerState(process.pid(), bootstrap).write(files.stateFile());
    return LocalKafkaBroker.attach(files.dataDir()).orElseThrow(() ->
        new IllegalStateException("Kafka node " + id + " (pid " + process.pid() + ") exited right after it answered; log "
            + files.logFile()));
  }

  private static KraftNode node(KafkaClusterConfig config, int id, int[] ports, String voters) {
    return new KraftNode(id, ports[id - 1], ports[config.nodes() + id - 1], voters, config.replicas(),
        config.minInsyncReplicas());
  }

  private static String voters(KafkaClusterConfig config, int[] ports) {
    List<String> voters = new ArrayList<>();
    for (int id = 1; id <= config.nodes(); id++) {
      voters.add(id + "@" + BrokerConfig.HOST + ":" + ports[config.nodes() + id - 1]);
    }
    return String.join(",", voters);
  }

  private static Path quorumFile(KafkaClusterConfig config) {
    return config.dir().resolve("quorum.properties");
  }

  private static Optional<Properties> readQuorum(KafkaClusterConfig config) {
    Path file = quorumFile(config);
    if (!Files.isRegularFile(file)) return Optional.empty();
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return Optional.of(props);
  }

  private static void writeQuorum(KafkaClusterConfig config, Properties quorum) {
    Path file = quorumFile(config);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      quorum.store(out, "scone local Kafka quorum: cluster id and each node's client address at the last start");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
