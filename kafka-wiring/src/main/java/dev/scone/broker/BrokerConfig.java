package dev.scone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run one local single-node Kafka broker ({@link LocalKafkaBroker}). Immutable; every field
 * is checked on construction, nulls are rejected.
 *
 * @param dataDir holds the broker's config, log file, state file and KRaft storage; created if
 *     missing. One broker per data dir at a time.
 * @param port client (PLAINTEXT) port on {@link #HOST}; 0 picks a free port at each start
 * @param heapMb maximum heap of the broker JVM, in MiB
 * @param autoCreateTopics whether producing to or fetching metadata of an unknown topic creates it
 *     (1 partition); convenient locally, off hides topic-name typos
 * @param startTimeout how long a start waits for the broker to answer before it gives up
 * @param stopTimeout how long a stop waits after SIGTERM before it kills the broker
 */
public record BrokerConfig(
    Path dataDir,
    int port,
    int heapMb,
    boolean autoCreateTopics,
    Duration startTimeout,
    Duration stopTimeout) {

  /** The broker binds every listener to this address only; it is never reachable from outside. */
  public static final String HOST = "127.0.0.1";

  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, found " + port);
    }
    if (heapMb < 128) {
      throw new IllegalArgumentException("heapMb must be at least 128 MiB for a Kafka broker, found " + heapMb);
    }
    if (startTimeout.isNegative() || startTimeout.isZero() || stopTimeout.isNegative() || stopTimeout.isZero()) {
      throw new IllegalArgumentException(
          "startTimeout and stopTimeout must be positive, found " + startTimeout + " and " + stopTimeout);
    }
  }

  /** Defaults in {@code dataDir}: a free port, 512 MiB heap, topic auto-creation on, 90 s to start, 30 s to stop. */
  public static BrokerConfig in(Path dataDir) {
    return new BrokerConfig(dataDir, 0, 512, true, Duration.ofSeconds(90), Duration.ofSeconds(30));
  }

  /** Defaults in {@link #defaultDataDir()}. */
  public static BrokerConfig defaults() {
    return in(defaultDataDir());
  }

  /**
   * {@code $SCONE_CACHE/kafka} when the environment variable SCONE_CACHE is set and not blank,
   * else {@code ~/.cache/scone/kafka}.
   */
  public static Path defaultDataDir() {
    String cache = System.getenv("SCONE_CACHE");
    Path root = cache != null && !cache.isBlank()
        ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache", "scone");
    return root.resolve("kafka").toAbsolutePath();
  }

  public BrokerConfig withPort(int newPort) {
    return new BrokerConfig(dataDir, newPort, heapMb, autoCreateTopics, startTimeout, stopTimeout);
  }

  public BrokerConfig withHeapMb(int newHeapMb) {
    return new BrokerConfig(dataDir, port, newHeapMb, autoCreateTopics, startTimeout, stopTimeout);
  }

  public BrokerConfig withAutoCreateTopics(boolean enabled) {
    return new BrokerConfig(dataDir, port, heapMb, enabled, startTimeout, stopTimeout);
  }

  public BrokerConfig withStartTimeout(Duration timeout) {
    return new BrokerConfig(dataDir, port, heapMb, autoCreateTopics, timeout, stopTimeout);
  }

  public BrokerConfig withStopTimeout(Duration timeout) {
    return new BrokerConfig(dataDir, port, heapMb, autoCreateTopics, startTimeout, timeout);
  }
}
