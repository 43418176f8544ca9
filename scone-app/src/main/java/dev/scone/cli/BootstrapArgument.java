package dev.scone.cli;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import java.nio.file.Path;

/**
 * A {@code --bootstrap} value: the given servers, or by default the local broker that {@code
 * scone broker start} started (found through the state file in its default data dir).
 */
final class BootstrapArgument {
  private BootstrapArgument() {}

  /**
   * {@code value} when set, else the running local broker's address.
   *
   * @throws IllegalStateException saying how to start one when none is given and none runs
   */
  static String resolve(String value) {
    if (value != null && !value.isBlank()) return value;
    Path dataDir = BrokerConfig.defaultDataDir();
    return LocalKafkaBroker.attach(dataDir).map(LocalKafkaBroker::bootstrapServers).orElseThrow(() ->
        new IllegalStateException("no --bootstrap given and no local broker runs on " + dataDir
            + "; start one with 'scone broker start' or pass --bootstrap HOST:PORT"));
  }
}
