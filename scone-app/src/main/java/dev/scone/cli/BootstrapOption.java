package dev.scone.cli;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} option of the commands that talk to Kafka, mixed in with {@code @Mixin}:
 * the given servers, or by default the local broker that {@code scone broker start} started (found
 * through the state file in its default data dir).
 */
public final class BootstrapOption {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: the broker `scone broker start` runs).")
  private String servers;

  /**
   * The servers given, else the running local broker's address. Looked up on each call, not at
   * parsing: only a command that reaches Kafka needs a broker.
   *
   * @throws IllegalStateException saying how to start one when none is given and none runs
   */
  public String resolve() {
    if (servers != null && !servers.isBlank()) return servers;
    Path dataDir = BrokerConfig.defaultDataDir();
    return LocalKafkaBroker.attach(dataDir).map(LocalKafkaBroker::bootstrapServers).orElseThrow(() ->
        new IllegalStateException("no --bootstrap given and no local broker runs on " + dataDir
            + "; start one with 'scone broker start' or pass --bootstrap HOST:PORT"));
  }
}
