package dev.scone.chaos;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A local broker the drill owns, and the disruption of stopping it (SIGTERM, controlled
 * shutdown) and starting it again on the same data dir and port while the jobs keep running:
 * they must reconnect, or fail over and restore, by themselves. Not thread-safe.
 */
public final class BrokerRestart implements AutoCloseable {
  private final BrokerConfig config;
  private LocalKafkaBroker broker;
  private final Duration down;

  /** Starts a broker in {@code dataDir} on a free port; each restart keeps it {@code down} long. */
  public BrokerRestart(Path dataDir, Duration down) {
    LocalKafkaBroker first = LocalKafkaBroker.start(BrokerConfig.in(dataDir).withAutoCreateTopics(false));
    String servers = first.bootstrapServers();
    this.config = BrokerConfig.in(dataDir).withAutoCreateTopics(false)
        .withPort(Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1)));
    this.broker = first;
    this.down = down;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Stops the broker, waits, starts it again; the jobs run on. */
  public CrashDrill.Disruption disruption() {
    return (running, phase, restart) -> {
      broker.stop();
      Thread.sleep(down.toMillis());
      broker = LocalKafkaBroker.start(config);
      running.assertAlive();
      return running;
    };
  }

  @Override
  public void close() {
    broker.stop();
  }
}
