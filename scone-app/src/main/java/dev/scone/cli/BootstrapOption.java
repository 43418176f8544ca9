package dev.scone.cli;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.BrokerProbe;
import dev.scone.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} and {@code --connect-timeout-s} options of the commands that talk to
 * Kafka, mixed in with {@code @Mixin}: the given servers, or by default the local broker that
 * {@code scone broker start} started (found through the state file in its default data dir).
 */
public final class BootstrapOption {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers. Default: the broker `scone broker start` runs.")
  private String servers;

  @Option(names = "--connect-timeout-s", defaultValue = "30", paramLabel = "SECONDS",
      description = "How long to wait for the Kafka broker to answer before giving up.")
  private double connectTimeoutSeconds;

  private String fallback;

  /** The servers to use when {@code --bootstrap} is not given (a cluster's Kafka), instead of the local broker's. */
  void defaultTo(String otherwise) {
    fallback = otherwise;
  }

  /**
   * The servers given, else the running local broker's address. Looked up on each call, not at
   * parsing: only a command that reaches Kafka needs a broker.
   *
   * @throws IllegalStateException saying how to start one when none is given and none runs
   */
  public String resolve() {
    if (servers != null && !servers.isBlank()) return servers;
    if (fallback != null) return fallback;
    Path dataDir = BrokerConfig.defaultDataDir();
    return LocalKafkaBroker.attach(dataDir).map(LocalKafkaBroker::bootstrapServers).orElseThrow(() ->
        new IllegalStateException("no --bootstrap given and no local broker runs on " + dataDir
            + "; start one with `./scone broker start` or pass --bootstrap HOST:PORT"));
  }

  /**
   * {@link #resolve}, once a broker there answered within {@code --connect-timeout-s}: so a
   * command fails at once, naming the address, instead of deep in a Kafka client after a minute.
   *
   * @throws IllegalStateException naming the address and the wait, and what to do
   */
  public String reachable() {
    String at = resolve();
    Duration wait = Duration.ofMillis(Math.max(1, Math.round(connectTimeoutSeconds * 1000)));
    if (!BrokerProbe.answers(at, wait)) {
      throw new IllegalStateException(String.format("no Kafka broker answered at %s within %s s; start one with"
          + " `./scone broker start` or pass --bootstrap HOST:PORT of a running one", at, seconds(wait)));
    }
    return at;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format("%.1f", d.toMillis() / 1e3);
  }
}
