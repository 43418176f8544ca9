package dev.scone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.kafka.KafkaClientProps;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code scone.vocab} and {@code scone.tables} from their start on a thread of its own
 * (read_committed: only announcements whose transaction committed) and keeps what was announced,
 * so the demo can wait for a new version and the summary can list them. Thread-safe.
 */
final class AnnouncementLog implements AutoCloseable {
  static final String VOCAB = "scone.vocab";
  static final String TABLES = "scone.tables";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One announcement: its version, for a table the vocabulary version it serves (else -1), for a
   * vocabulary its f-gram count (else -1), and when it was read ({@link System#nanoTime}).
   */
  record Announced(String topic, long version, long vocabVersion, long fgrams, long seenNanos) {}

  private final KafkaConsumer<String, String> consumer;
  private final List<Announced> announced = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  AnnouncementLog(String bootstrap) {
    consumer = new KafkaConsumer<>(KafkaClientProps.consumer(bootstrap, "scone-demo-watch-" + System.nanoTime()),
        new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(VOCAB, TABLES));
    thread = new Thread(this::follow, "scone-demo-announcements");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) add(r);
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void add(ConsumerRecord<String, String> r) {
    try {
      JsonNode n = JSON.readTree(r.value());
      Announced a = new Announced(r.topic(), n.path("version").asLong(), n.path("vocab_version").asLong(-1),
          n.path("fgrams").asLong(-1), System.nanoTime());
      synchronized (this) {
        announced.add(a);
        notifyAll();
      }
    } catch (IOException e) {
      // not an announcement the demo can read; the trainer reports bad ones itself
    }
  }

  /** The versions announced on {@code topic}, in arrival order. */
  synchronized List<Long> versions(String topic) {
    return announced.stream().filter(a -> a.topic().equals(topic)).map(Announced::version).toList();
  }

  synchronized List<Announced> all(String topic) {
    return announced.stream().filter(a -> a.topic().equals(topic)).toList();
  }

  /**
   * Waits until {@code topic} has had an announcement newer than {@code after} and then none for
   * {@code quiet} (the count job publishes at most every few seconds), or until {@code timeout};
   * returns the newest version then (or {@code after} when none came).
   */
  synchronized long awaitSettled(String topic, long after, Duration quiet, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long newest = newest(topic, after);
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = newest(topic, after);
      if (now != newest) {
        newest = now;
        quietSince = System.nanoTime();
      } else if (newest > after && System.nanoTime() - quietSince >= quiet.toNanos()) {
        return newest;
      }
      wait(100);
    }
    return newest;
  }

  private long newest(String topic, long floor) {
    return announced.stream().filter(a -> a.topic().equals(topic)).mapToLong(Announced::version).max().orElse(floor);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
