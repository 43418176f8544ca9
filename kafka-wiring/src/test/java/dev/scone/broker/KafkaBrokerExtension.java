package dev.scone.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker ({@link LocalKafkaBroker}) per test class, on a free port of 127.0.0.1,
 * in a fresh temp data dir:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... props.put("bootstrap.servers", KAFKA.bootstrapServers());
 * }</pre>
 *
 * <p>Started before all tests of the class; always stopped after them, also when a test or the
 * start itself failed, and the data dir deleted. Topic auto-creation is off: tests create their
 * topics ({@link #createTopic}), so a typo fails instead of creating a new topic.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

  private Path dataDir;
  private LocalKafkaBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("scone-kafka-test");
    broker = LocalKafkaBroker.start(BrokerConfig.in(dataDir).withAutoCreateTopics(false));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (broker != null) {
        broker.stop();
      }
    } finally {
      broker = null;
      deleteRecursively(dataDir);
    }
  }

  /** {@code 127.0.0.1:PORT} of the running broker. */
  public String bootstrapServers() {
    return running().bootstrapServers();
  }

  /** The running broker (pid, log file, data dir). */
  public LocalKafkaBroker broker() {
    return running();
  }

  /** Creates a topic with replication factor 1 and waits until the broker confirms it. */
  public void createTopic(String name, int partitions) {
    KafkaClients.createTopic(bootstrapServers(), name, partitions);
  }

  private LocalKafkaBroker running() {
    if (broker == null) {
      throw new IllegalStateException("the Kafka broker runs only during the tests of the class that registers "
          + "KafkaBrokerExtension as a static field (@RegisterExtension static) or with @ExtendWith");
    }
    return broker;
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the broker's temp data dir " + dir, e);
    }
  }
}
