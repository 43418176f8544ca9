package dev.scone.demo;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.fgram.files.FileTrees;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.kafka.TopicSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The demo's Kafka broker in {@code <dir>/kafka}: one already running there is reused (and left
 * running at the end), else a fresh one is started (its old data removed first) and stopped by
 * {@link #stopIfStarted}. The demo's topics start empty every run: on a reused broker they are
 * deleted and created again. Thread-safe stop.
 */
final class DemoBroker {
  /** Every topic the demo uses, with its partitions. */
  static final Map<String, Integer> TOPICS = topics();

  private final LocalKafkaBroker broker;
  private final boolean started;

  private DemoBroker(LocalKafkaBroker broker, boolean started) {
    this.broker = broker;
    this.started = started;
  }

  private static Map<String, Integer> topics() {
    Map<String, Integer> t = new LinkedHashMap<>();
    t.put("scone.corpus", 2);
    t.put("scone.vocab", 1);
    t.put("scone.tables", 1);
    t.put("scone.requests", 1);
    t.put("scone.responses", 1);
    t.put("scone.requests.dlq", 1);
    return t;
  }

  /** Attaches to the broker running in {@code dataDir} or starts one; then makes the topics empty. */
  static DemoBroker startOrReuse(Path dataDir) throws IOException {
    var running = LocalKafkaBroker.attach(dataDir).filter(b -> b.isAnswering(Duration.ofSeconds(5)));
    DemoBroker demo;
    if (running.isPresent()) {
      demo = new DemoBroker(running.get(), false);
      demo.deleteTopics();
    } else {
      FileTrees.delete(dataDir);
      demo = new DemoBroker(LocalKafkaBroker.start(BrokerConfig.in(dataDir)), true);
    }
    TopicSetup.createMissing(demo.bootstrapServers(), TOPICS);
    return demo;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Whether this run started the broker (and so stops it). */
  boolean started() {
    return started;
  }

  long pid() {
    return broker.pid();
  }

  /** Stops the broker when this run started it; a broker found running is left alone. */
  void stopIfStarted() {
    if (started) broker.stop();
  }

  private void deleteTopics() {
    try (Admin admin = Admin.create(KafkaClientProps.admin(bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get();
      List<String> ours = TOPICS.keySet().stream().filter(existing::contains).toList();
      admin.deleteTopics(ours).all().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Deletion completes asynchronously; creating a topic of the same name before it is gone fails.
      while (admin.listTopics().names().get().stream().anyMatch(ours::contains)) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("topics " + ours + " still exist 30 s after deleting them");
        Thread.sleep(200);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot empty the demo topics at " + bootstrapServers() + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while emptying the demo topics", e);
    }
  }
}
